import type { IClient } from './client.entity.ts';

const DEFAULT_FIELDS = ['email', 'password', 'name'];

export function presentBranding(c: IClient) {
  return {
    name: c.branding.name ?? c.name,
    logoUrl: c.branding.logoUrl ?? null,
    primaryColor: c.branding.primaryColor ?? null,
    secondaryColor: c.branding.secondaryColor ?? null,
    accentColor: c.branding.accentColor ?? null,
  };
}

/** What `/app/config` shows an app: enough to theme itself and draw the registration form. */
export function presentClientConfig(c: IClient) {
  const fields = c.settings.registrationFields ?? DEFAULT_FIELDS;
  return {
    client: { id: c.id, slug: c.slug, name: c.name },
    branding: presentBranding(c),
    enabledFeatures: [...c.enabledFeatures],
    requiresVoucher: c.requiresVoucher,
    registrationFields: c.requiresVoucher && !fields.includes('voucherCode') ? [...fields, 'voucherCode'] : fields,
  };
}

/** The `client{id,name,branding}` object auth answers carry (login under a universal key needs it). */
export function presentClientSummary(c: IClient) {
  return { id: c.id, slug: c.slug, name: c.name, branding: presentBranding(c) };
}

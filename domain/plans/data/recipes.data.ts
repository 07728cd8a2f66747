/**
 * Our recipes, one serving each, in grams of library foods. Nutrients, dietary tags and allergens are
 * derived from the ingredients by recipe-library.ts — never typed here — so a recipe cannot claim to be
 * vegan while holding feta.
 *
 * Row: id, name, meal type, ingredients as "food-id:grams" pairs, method in a sentence or two.
 */
const r = (id: string, name: string, mealType: string, ingredients: string, method: string): Record<string, unknown> => ({
  id,
  name,
  mealType,
  ingredients: ingredients
    .split(' ')
    .filter(Boolean)
    .map((pair) => {
      const [foodId, grams] = pair.split(':');
      return { foodId, grams: Number(grams) };
    }),
  method,
});

export const recipeData: Record<string, unknown>[] = [
  // breakfast
  r('berry-overnight-oats', 'Berry overnight oats', 'breakfast', 'rolled-oats:60 semi-skimmed-milk:150 greek-yogurt-nonfat:100 blueberries:80 chia-seeds:10 honey:10', 'Stir everything but the berries together, chill overnight, top with the berries.'),
  r('vegan-overnight-oats', 'Vegan gluten-free overnight oats', 'breakfast', 'gluten-free-oats:60 soy-milk:200 frozen-mixed-berries:100 chia-seeds:10 maple-syrup:10', 'Soak the oats and chia in soy milk overnight; stir in the thawed berries and syrup.'),
  r('mango-chia-pudding', 'Mango chia pudding with pumpkin seeds', 'breakfast', 'chia-seeds:35 coconut-milk:60 coconut-water:120 mango:120 pumpkin-seeds:15 pea-protein:20', 'Whisk chia, protein, coconut milk and water, chill until set, top with mango and seeds.'),
  r('scrambled-eggs-toast', 'Scrambled eggs on wholemeal toast', 'breakfast', 'egg:150 wholemeal-bread:70 butter:5 spinach:40 cherry-tomatoes:80', 'Scramble the eggs gently in butter, wilt the spinach, serve on toast with the tomatoes.'),
  r('sweet-potato-omelette', 'Vegetable omelette with roast sweet potato', 'breakfast', 'egg:150 red-bell-pepper:60 mushrooms:60 spinach:30 feta:30 olive-oil:5 sweet-potato:150', 'Roast the sweet potato cubes; cook the vegetables, pour over the beaten eggs and fold with feta.'),
  r('yogurt-granola-parfait', 'Greek yogurt granola parfait', 'breakfast', 'greek-yogurt:200 granola:40 strawberries:100 honey:10', 'Layer yogurt, granola and sliced strawberries; drizzle with honey.'),
  r('smoked-salmon-bagel', 'Smoked salmon and cream cheese bagel', 'breakfast', 'bagel:90 cream-cheese:30 smoked-salmon:60 cucumber:40 red-onion:15', 'Toast the bagel, spread the cream cheese and top with salmon, cucumber and onion.'),
  r('tofu-scramble-potatoes', 'Tofu scramble with crispy potatoes', 'breakfast', 'tofu:150 potato:200 spinach:40 red-bell-pepper:60 olive-oil:8 paprika:2', 'Pan-fry diced potato until crisp, crumble in tofu with paprika, add pepper and spinach.'),
  r('peanut-butter-banana-toast', 'Peanut butter banana toast with soy milk', 'breakfast', 'wholemeal-bread:70 peanut-butter:30 banana:120 soy-milk:200', 'Toast the bread, spread peanut butter, top with sliced banana; a glass of soy milk on the side.'),
  r('protein-pancakes', 'Oat and cottage cheese pancakes', 'breakfast', 'rolled-oats:50 egg:100 banana:100 cottage-cheese:80 maple-syrup:15 blueberries:60', 'Blend oats, eggs, banana and cottage cheese, cook small pancakes, serve with berries and syrup.'),
  r('apple-quinoa-porridge', 'Apple cinnamon quinoa porridge', 'breakfast', 'quinoa:60 apple:150 cinnamon:2 hemp-seeds:20 raisins:20 maple-syrup:10 pea-protein:15', 'Simmer quinoa with grated apple and cinnamon, stir in the protein, finish with hemp seeds and raisins.'),
  r('cottage-cheese-pineapple-bowl', 'Cottage cheese bowl with pineapple and walnuts', 'breakfast', 'cottage-cheese:200 pineapple:150 walnuts:15 rolled-oats:30', 'Top cottage cheese with pineapple, toasted oats and chopped walnuts.'),
  r('breakfast-burrito', 'Egg and black bean breakfast burrito', 'breakfast', 'tortilla-wrap:65 egg:100 black-beans:80 cheddar:20 salsa:40 avocado:40', 'Scramble the eggs, warm the beans, wrap with cheese, salsa and avocado.'),
  r('skyr-berry-bowl', 'Skyr bowl with berries and seeds', 'breakfast', 'skyr:200 frozen-mixed-berries:100 gluten-free-oats:30 pumpkin-seeds:15 honey:10', 'Top skyr with thawed berries, oats and pumpkin seeds; drizzle with honey.'),
  r('turkey-egg-white-rye', 'Turkey and egg-white scramble on rye', 'breakfast', 'egg-whites:150 turkey-slices:60 spinach:40 rye-bread:70 tomato:100', 'Scramble the egg whites with torn turkey and spinach; serve on rye with sliced tomato.'),
  r('bacon-eggs-sourdough', 'Bacon and eggs on sourdough', 'breakfast', 'bacon:30 egg:100 sourdough-bread:70 tomato:100', 'Grill the bacon, fry or poach the eggs, serve on toasted sourdough with grilled tomato.'),
  r('buckwheat-pear-porridge', 'Buckwheat porridge with pear', 'breakfast', 'buckwheat:60 skimmed-milk:200 pear:120 cinnamon:2 ground-flaxseed:10', 'Simmer buckwheat in milk until soft, top with diced pear, cinnamon and flaxseed.'),
  r('vegan-smoothie-bowl', 'Berry protein smoothie bowl', 'breakfast', 'banana:120 frozen-mixed-berries:150 pea-protein:25 sunflower-seed-butter:15 gluten-free-oats:30 coconut-water:150', 'Blend fruit, protein and coconut water until thick; top with oats and a swirl of seed butter.'),
  r('sweet-potato-bean-hash', 'Sweet potato and black bean hash', 'breakfast', 'sweet-potato:200 black-beans:100 red-bell-pepper:60 onion:50 olive-oil:8 avocado:50 paprika:2', 'Fry diced sweet potato and onion until golden, add pepper, beans and paprika; top with avocado.'),
  r('avocado-egg-toast', 'Avocado toast with poached eggs', 'breakfast', 'sourdough-bread:80 avocado:70 egg:100 lemon:10 chili-pepper:3', 'Mash avocado with lemon, spread on toast, top with poached eggs and chili.'),
  r('kefir-muesli', 'Kefir muesli with apple', 'breakfast', 'muesli:60 kefir:200 apple:100', 'Soak the muesli in kefir for ten minutes and stir in grated apple.'),
  // lunch
  r('chicken-quinoa-salad', 'Chicken, quinoa and feta salad', 'lunch', 'chicken-breast:130 quinoa:60 cucumber:80 cherry-tomatoes:100 feta:30 olive-oil:10 lemon:15', 'Grill the chicken, toss with cooked quinoa, vegetables, feta, oil and lemon.'),
  r('tuna-nicoise', 'Tuna niçoise salad', 'lunch', 'tuna-canned:120 potato:200 green-beans:100 egg:50 olives:20 olive-oil:10 romaine-lettuce:60', 'Boil potatoes, beans and egg; arrange over lettuce with tuna and olives, dress with oil.'),
  r('red-lentil-soup', 'Red lentil and vegetable soup', 'lunch', 'red-lentils:70 carrot:80 onion:60 celery:40 canned-tomatoes:150 vegetable-stock:300 olive-oil:8 curry-powder:3', 'Soften the vegetables in oil, add lentils, tomatoes, spice and stock; simmer 20 minutes and blend.'),
  r('chickpea-quinoa-bowl', 'Chickpea quinoa bowl', 'lunch', 'chickpeas:150 quinoa:60 cucumber:80 tomato:100 red-onion:20 lemon:15 olive-oil:10 parsley:10', 'Toss cooked quinoa with chickpeas, chopped vegetables, parsley, lemon and oil.'),
  r('turkey-avocado-wrap', 'Turkey and avocado wrap', 'lunch', 'tortilla-wrap:65 turkey-slices:80 avocado:50 romaine-lettuce:30 tomato:60 greek-yogurt:30', 'Spread the wrap with yogurt, fill with turkey, avocado, lettuce and tomato, roll tightly.'),
  r('hummus-roast-veg-pita', 'Roast vegetable and hummus pita', 'lunch', 'pita-bread:80 hummus:70 zucchini:100 red-bell-pepper:80 eggplant:80 olive-oil:10', 'Roast the sliced vegetables in oil; stuff warm pita with hummus and vegetables.'),
  r('salmon-poke-bowl', 'Salmon poke bowl', 'lunch', 'salmon-fillet:120 brown-rice:70 frozen-edamame:60 cucumber:60 avocado:40 soy-sauce:10 sesame-seeds:5', 'Cook the rice; top with diced salmon (seared or sashimi-grade), edamame, cucumber, avocado, soy and sesame.'),
  r('beef-burrito-bowl', 'Beef burrito bowl', 'lunch', 'lean-beef-mince:120 brown-rice:70 black-beans:80 frozen-sweetcorn:60 salsa:50 romaine-lettuce:40 cheddar:20', 'Brown the beef with spices, serve over rice with beans, corn, lettuce, salsa and cheese.'),
  r('caprese-pasta-salad', 'Caprese pasta salad', 'lunch', 'pasta:80 mozzarella:60 cherry-tomatoes:120 basil:5 olive-oil:10 rocket:30', 'Cook and cool the pasta, toss with mozzarella, tomatoes, basil, rocket and oil.'),
  r('egg-salad-sandwich', 'Egg salad sandwich', 'lunch', 'wholemeal-bread:80 egg:100 greek-yogurt:30 mayonnaise:10 romaine-lettuce:30 cucumber:50', 'Mash boiled eggs with yogurt and mayonnaise, sandwich with lettuce and cucumber.'),
  r('minestrone', 'Minestrone with cannellini beans', 'lunch', 'cannellini-beans:100 pasta:40 carrot:60 celery:40 onion:50 zucchini:80 canned-tomatoes:200 vegetable-stock:300 olive-oil:8 parmesan:10', 'Soften the vegetables, add tomatoes, stock, beans and pasta; simmer until tender, finish with parmesan.'),
  r('chicken-caesar-wrap', 'Chicken caesar wrap', 'lunch', 'chicken-breast:120 tortilla-wrap:65 romaine-lettuce:60 parmesan:15 greek-yogurt:40 lemon:10', 'Slice grilled chicken, toss with lettuce and a yogurt-parmesan-lemon dressing, wrap up.'),
  r('prawn-avocado-salad', 'Prawn, avocado and corn salad', 'lunch', 'shrimp:150 avocado:70 mixed-salad-leaves:60 cherry-tomatoes:100 frozen-sweetcorn:60 lime:15 olive-oil:8 corn-tortilla:50', 'Sear the prawns, toss with leaves, tomatoes, corn and avocado, dress with lime; warm tortillas on the side.'),
  r('lentil-beetroot-feta-salad', 'Lentil, beetroot and feta salad', 'lunch', 'green-lentils:200 beetroot:100 rocket:40 feta:40 walnuts:15 olive-oil:8 balsamic-vinegar:10', 'Toss lentils with roasted beetroot and rocket, crumble feta and walnuts over, dress with oil and balsamic.'),
  r('sardines-on-rye', 'Sardines on rye with tomato', 'lunch', 'rye-bread:80 sardines:90 tomato:100 rocket:30 lemon:10', 'Toast the rye, top with sardines, sliced tomato and rocket, squeeze over lemon.'),
  r('sweet-potato-buddha-bowl', 'Sweet potato and chickpea buddha bowl', 'lunch', 'brown-rice:60 chickpeas:100 sweet-potato:150 kale:50 sunflower-seed-butter:15 lemon:15 pumpkin-seeds:10', 'Roast sweet potato and chickpeas, serve over rice and kale with a lemony seed-butter dressing.'),
  r('chicken-noodle-soup', 'Chicken and rice noodle soup', 'lunch', 'chicken-breast:100 rice-noodles:50 pak-choi:80 carrot:50 chicken-stock:400 ginger:5 spring-onion:10 tamari:10', 'Poach the chicken in stock with ginger, shred it, add noodles, carrot and pak choi; season with tamari.'),
  r('halloumi-couscous-salad', 'Halloumi and chickpea couscous', 'lunch', 'couscous:60 halloumi:60 chickpeas:80 cucumber:60 tomato:80 parsley:10 lemon:10 olive-oil:8', 'Soak the couscous, grill the halloumi, toss together with chickpeas, vegetables, herbs and lemon.'),
  r('black-bean-quinoa-salad', 'Black bean and quinoa fiesta salad', 'lunch', 'quinoa:60 black-beans:120 frozen-sweetcorn:60 red-bell-pepper:80 avocado:50 lime:15 coriander:10 olive-oil:5', 'Toss cooked quinoa with beans, corn, pepper, avocado, coriander, lime and oil.'),
  r('tofu-soba-salad', 'Sesame tofu noodle salad', 'lunch', 'tofu:120 rice-noodles:60 red-cabbage:60 carrot:50 frozen-edamame:50 tamari:10 sesame-oil:5 lime:10', 'Pan-fry the tofu, toss cooled noodles with shredded vegetables, edamame and a tamari-sesame-lime dressing.'),
  // dinner
  r('salmon-sweet-potato', 'Baked salmon with sweet potato and broccoli', 'dinner', 'salmon-fillet:150 sweet-potato:200 broccoli:150 olive-oil:5 lemon:10', 'Roast the sweet potato wedges, add salmon and broccoli for the last 12 minutes, finish with lemon.'),
  r('chicken-stir-fry', 'Chicken vegetable stir-fry with rice', 'dinner', 'chicken-breast:150 white-rice:75 broccoli:80 red-bell-pepper:80 sugar-snap-peas:60 soy-sauce:15 sesame-oil:5 ginger:5 garlic:5', 'Stir-fry the chicken, add vegetables, ginger and garlic, finish with soy sauce and sesame oil; serve with rice.'),
  r('beef-chili', 'Beef and bean chili with rice', 'dinner', 'lean-beef-mince:130 kidney-beans:100 canned-tomatoes:200 onion:60 red-bell-pepper:60 paprika:3 white-rice:70', 'Brown the beef with onion and pepper, add paprika, tomatoes and beans, simmer 25 minutes; serve with rice.'),
  r('chickpea-spinach-curry', 'Chickpea and spinach curry', 'dinner', 'chickpeas:200 spinach:80 canned-tomatoes:150 coconut-milk:60 onion:60 garlic:5 ginger:5 curry-powder:5 basmati-rice:70', 'Soften onion, garlic and ginger, add curry powder, tomatoes, coconut milk and chickpeas; wilt in the spinach, serve with rice.'),
  r('lentil-bolognese', 'Red lentil bolognese', 'dinner', 'red-lentils:60 canned-tomatoes:200 carrot:60 onion:60 celery:40 wholewheat-pasta:80 olive-oil:8', 'Soften the diced vegetables, add lentils and tomatoes, simmer until thick; toss with pasta.'),
  r('spaghetti-bolognese', 'Spaghetti bolognese', 'dinner', 'lean-beef-mince:120 pasta:85 canned-tomatoes:200 onion:60 carrot:50 parmesan:10 olive-oil:5', 'Brown the beef with onion and carrot, add tomatoes and simmer; serve over pasta with parmesan.'),
  r('cod-potatoes-greens', 'Lemon cod with potatoes and green beans', 'dinner', 'cod-fillet:180 potato:250 green-beans:120 butter:8 lemon:15', 'Bake the cod with lemon, boil potatoes and beans, toss the vegetables in a little butter.'),
  r('tofu-peanut-noodles', 'Tofu peanut noodles', 'dinner', 'tofu:150 rice-noodles:70 pak-choi:100 carrot:60 red-bell-pepper:60 tamari:15 sesame-oil:5 peanuts:15', 'Fry the tofu, stir-fry the vegetables, toss with noodles, tamari and sesame oil, top with peanuts.'),
  r('turkey-meatball-pasta', 'Turkey meatballs with gluten-free pasta', 'dinner', 'turkey-mince:130 gluten-free-pasta:80 canned-tomatoes:200 onion:40 garlic:5 basil:5 olive-oil:5 egg:25', 'Mix mince with egg into meatballs, brown them, simmer in the tomato sauce and serve over pasta.'),
  r('pork-roast-vegetables', 'Roast pork tenderloin with root vegetables', 'dinner', 'pork-tenderloin:150 potato:200 carrot:100 parsnip:80 olive-oil:10', 'Roast the vegetables, add the seared pork for the last 20 minutes, rest before slicing.'),
  r('prawn-fried-rice', 'Prawn and egg fried rice', 'dinner', 'shrimp:150 brown-rice:70 egg:50 frozen-peas:60 carrot:50 spring-onion:15 tamari:10 rapeseed-oil:8', 'Fry cooked, cooled rice with vegetables, push aside to scramble the egg, add prawns and tamari.'),
  r('black-bean-tacos', 'Black bean tacos', 'dinner', 'corn-tortilla:80 black-beans:150 frozen-sweetcorn:60 avocado:50 salsa:50 red-cabbage:50 lime:10', 'Warm spiced beans and corn, load into tortillas with cabbage, avocado, salsa and lime.'),
  r('chicken-fajitas', 'Chicken fajitas', 'dinner', 'chicken-breast:140 tortilla-wrap:80 red-bell-pepper:100 onion:60 olive-oil:8 paprika:3 greek-yogurt:30 salsa:40', 'Sizzle sliced chicken, peppers and onion with paprika; serve in wraps with yogurt and salsa.'),
  r('trout-quinoa-asparagus', 'Baked trout with quinoa and asparagus', 'dinner', 'trout-fillet:150 quinoa:60 asparagus:120 olive-oil:8 lemon:10', 'Bake the trout with lemon, roast the asparagus, serve over quinoa.'),
  r('lamb-kofta-couscous', 'Lamb kofta with couscous and yogurt', 'dinner', 'lamb-leg:130 couscous:70 cucumber:60 tomato:80 greek-yogurt:50 red-onion:20', 'Mince the lamb with onion into koftas and grill; serve with couscous, salad and yogurt.'),
  r('red-lentil-dal', 'Red lentil dal with brown rice', 'dinner', 'red-lentils:80 onion:60 garlic:5 ginger:5 canned-tomatoes:100 spinach:50 curry-powder:4 rapeseed-oil:8 brown-rice:60', 'Simmer lentils with tomatoes and the spiced onion base until creamy, stir in spinach; serve with rice.'),
  r('stuffed-peppers', 'Quinoa and bean stuffed peppers', 'dinner', 'red-bell-pepper:250 quinoa:50 black-beans:80 frozen-sweetcorn:50 canned-tomatoes:100 cheddar:30', 'Fill halved peppers with quinoa, beans, corn and tomato, top with cheddar and bake 30 minutes.'),
  r('tempeh-rice-bowl', 'Glazed tempeh rice bowl', 'dinner', 'tempeh:120 brown-rice:60 broccoli:100 carrot:50 tamari:10 maple-syrup:5 sesame-seeds:5', 'Glaze pan-fried tempeh with tamari and maple, serve over rice with steamed broccoli and carrot.'),
  r('paneer-tikka-rice', 'Paneer tikka with rice', 'dinner', 'paneer:100 basmati-rice:70 red-bell-pepper:80 onion:50 greek-yogurt:50 curry-powder:4 spinach:50', 'Marinate paneer and vegetables in spiced yogurt, grill, serve with rice and wilted spinach.'),
  r('mushroom-pea-risotto', 'Mushroom and pea risotto', 'dinner', 'white-rice:80 mushrooms:150 onion:50 vegetable-stock:300 parmesan:20 butter:8 frozen-peas:60', 'Toast the rice with onion, add stock gradually while stirring, fold in mushrooms, peas, butter and parmesan.'),
  r('steak-sweet-potato', 'Sirloin steak with sweet potato and spinach', 'dinner', 'sirloin-steak:150 sweet-potato:200 spinach:80 olive-oil:8 black-pepper:1', 'Roast sweet potato wedges, sear the steak to taste and rest it, wilt the spinach in the pan.'),
  r('chicken-thigh-traybake', 'Chicken thigh traybake', 'dinner', 'chicken-thigh:150 potato:200 zucchini:100 red-onion:60 cherry-tomatoes:100 olive-oil:10', 'Toss everything in oil on a tray and roast at 200 °C for 35 minutes.'),
  r('bean-squash-stew', 'Cannellini bean and squash stew', 'dinner', 'cannellini-beans:200 butternut-squash:150 kale:50 canned-tomatoes:150 onion:60 garlic:5 olive-oil:10 paprika:2 quinoa:40', 'Soften onion and garlic, add squash, tomatoes, beans and paprika, simmer 25 minutes, stir in kale; serve with quinoa.'),
  r('mackerel-beetroot-potatoes', 'Mackerel with beetroot and new potatoes', 'dinner', 'mackerel-fillet:120 potato:200 beetroot:100 rocket:40 greek-yogurt:30', 'Grill the mackerel, boil the potatoes, serve with beetroot, rocket and a spoon of yogurt.'),
  r('seitan-veg-stir-fry', 'Seitan and vegetable stir-fry', 'dinner', 'seitan:150 white-rice:70 broccoli:80 red-bell-pepper:60 bean-sprouts:60 tamari:10 rapeseed-oil:8 ginger:5', 'Stir-fry seitan until browned, add vegetables and ginger, season with tamari, serve with rice.'),
  r('sea-bass-millet', 'Sea bass with herbed millet and fennel', 'dinner', 'sea-bass-fillet:150 millet:60 fennel:120 olive-oil:8 lemon:10 parsley:10', 'Roast the sliced fennel, pan-fry the sea bass skin-side down, serve over millet with parsley and lemon.'),
  // snacks
  r('apple-peanut-butter', 'Apple with peanut butter', 'snack', 'apple:180 peanut-butter:20', 'Slice the apple and dip in peanut butter.'),
  r('yogurt-honey-walnuts', 'Greek yogurt with honey and walnuts', 'snack', 'greek-yogurt-nonfat:170 honey:10 walnuts:15', 'Top the yogurt with honey and chopped walnuts.'),
  r('hummus-veg-sticks', 'Hummus with vegetable sticks', 'snack', 'hummus:70 carrot:100 cucumber:100 red-bell-pepper:80', 'Cut the vegetables into sticks and dip.'),
  r('rice-cakes-avocado', 'Rice cakes with avocado and tomato', 'snack', 'rice-cakes:20 avocado:60 cherry-tomatoes:50', 'Spread mashed avocado on the rice cakes and top with sliced tomato.'),
  r('whey-banana-shake', 'Whey protein banana shake', 'snack', 'whey-protein:30 skimmed-milk:250 banana:100', 'Blend until smooth.'),
  r('trail-mix', 'Nut and raisin trail mix', 'snack', 'almonds:15 cashews:10 raisins:20 dark-chocolate:10', 'Mix and portion into a small pot.'),
  r('cottage-cheese-pineapple', 'Cottage cheese with pineapple', 'snack', 'cottage-cheese:150 pineapple:100', 'Spoon pineapple chunks over the cottage cheese.'),
  r('roasted-chickpeas', 'Crunchy roasted chickpeas', 'snack', 'chickpeas:150 olive-oil:5 paprika:2', 'Dry the chickpeas, toss with oil and paprika, roast at 200 °C for 25 minutes until crisp.'),
  r('boiled-eggs-veg', 'Boiled eggs with tomatoes and cucumber', 'snack', 'egg:100 cherry-tomatoes:100 cucumber:80', 'Boil the eggs for nine minutes, cool, serve with the vegetables.'),
  r('banana-seed-butter', 'Banana with sunflower seed butter', 'snack', 'banana:120 sunflower-seed-butter:20', 'Slice the banana and spread with seed butter.'),
  r('salted-edamame', 'Steamed edamame with sea salt', 'snack', 'frozen-edamame:150 sea-salt:1', 'Steam the edamame for four minutes and sprinkle with salt.'),
  r('berry-protein-smoothie', 'Berry pea-protein smoothie', 'snack', 'frozen-mixed-berries:150 banana:80 pea-protein:25 coconut-water:200', 'Blend until smooth.'),
  r('tuna-rice-cakes', 'Tuna rice cakes', 'snack', 'rice-cakes:25 tuna-canned:80 cucumber:50 mayonnaise:10', 'Mix tuna with mayonnaise and spoon onto rice cakes with cucumber slices.'),
  r('dates-pumpkin-seeds', 'Dates with pumpkin seeds', 'snack', 'dates:30 pumpkin-seeds:20', 'A quick pairing of sweet and savoury.'),
  r('skyr-strawberries', 'Skyr with strawberries', 'snack', 'skyr:170 strawberries:100', 'Top the skyr with sliced strawberries.'),
  r('olive-oil-popcorn', 'Olive oil popcorn', 'snack', 'popcorn-kernels:30 olive-oil:5 sea-salt:0.5', 'Pop the kernels in a covered pan with the oil and season with salt.'),
  r('turkey-cheese-rollups', 'Turkey and cheddar roll-ups', 'snack', 'turkey-slices:60 cheddar:20 cucumber:80', 'Roll cheese and cucumber strips inside the turkey slices.'),
  r('soy-yogurt-berries', 'Soy yogurt with berries and flaxseed', 'snack', 'soy-yogurt:150 blueberries:80 ground-flaxseed:10', 'Top the yogurt with berries and flaxseed.'),
  r('orange-pistachios', 'Orange with pistachios', 'snack', 'orange:150 pistachios:20', 'Peel the orange and enjoy with the pistachios.'),
];

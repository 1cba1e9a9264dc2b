#!/usr/bin/env python3
"""Write the small sample exports in tasks/flan2021/samples/<task>/train.jsonl.

Every sentence here is written for flanmix (no dataset rows are copied). Each file has the
shape of the real export (docs/flan2021-exports.md): the same field names, nesting and
label encoding as `load_dataset(...)["train"].to_json(...)` (or the TFDS export for
ag_news_subset), so the task definitions read them unchanged.
"""
import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tasks", "flan2021", "samples")


def write(task, rows):
    d = os.path.join(OUT, task)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "train.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# super_glue/rte: label 0 = entailment, 1 = not_entailment
RTE = [
    ("The bakery on Elm Street has sold fresh bread every morning since it opened in 1988.", "The bakery opened in 1988.", 0),
    ("Marta swam across the lake in under an hour, beating her own record from last summer.", "Marta has never swum across the lake before.", 1),
    ("The city council voted to close the old bridge to cars while engineers repair its supports.", "Cars cannot use the old bridge during the repairs.", 0),
    ("A team of students built a small satellite that was launched from a rocket last spring.", "The students launched the rocket themselves.", 1),
    ("After three dry months, heavy rain finally returned to the valley on Tuesday.", "It rained in the valley on Tuesday.", 0),
    ("The museum's new wing displays paintings donated by a local family of collectors.", "The family sold the paintings to the museum.", 1),
    ("Oliver moved to Lisbon to work for a company that designs solar panels.", "Oliver works in the solar energy business.", 0),
    ("The library extended its opening hours on weekends after many requests from students.", "The library now closes earlier on weekends.", 1),
    ("Researchers found that the new wheat variety needs a third less water than older ones.", "The new wheat variety uses less water.", 0),
    ("The orchestra played its final concert of the season to a full hall.", "The hall was half empty for the final concert.", 1),
    ("Nadia, a nurse from Cairo, won the regional chess championship in March.", "A nurse won a chess championship.", 0),
    ("The ferry company cancelled all crossings because of strong winds.", "The ferries ran on schedule despite the wind.", 1),
    ("Farmers in the region switched from corn to sunflowers after prices changed.", "Farmers in the region now grow sunflowers.", 0),
    ("The author wrote her first novel while working night shifts at a hotel.", "The author's first novel was about a hotel.", 1),
    ("The company recalled ten thousand kettles because their handles could overheat.", "Some kettles were recalled.", 0),
    ("The hikers reached the summit just before the storm arrived.", "The storm stopped the hikers from reaching the summit.", 1),
    ("Since the tram line opened, fewer people drive into the town centre.", "Car traffic into the town centre has dropped.", 0),
    ("The coach praised the young goalkeeper, who saved two penalties in the final.", "The goalkeeper missed the final.", 1),
    ("Volunteers planted four hundred trees along the river last weekend.", "Trees were planted along the river.", 0),
    ("The festival, first held in a small barn, now attracts visitors from abroad.", "The festival is still held in a small barn.", 1),
    ("The new vaccine was approved after trials involving thousands of adults.", "The vaccine was tested on adults.", 0),
    ("Leo repaired the old radio his grandfather had left him.", "Leo bought a new radio.", 1),
]
write("rte", [{"premise": p, "hypothesis": h, "idx": i, "label": l} for i, (p, h, l) in enumerate(RTE)])

# facebook/anli: label 0 entailment, 1 neutral, 2 contradiction
ANLI = [
    ("Greyfield is a small town in the north of the county. It has a population of about 4,000 and a weekly market.", "Greyfield has a weekly market.", 0),
    ("Greyfield is a small town in the north of the county. It has a population of about 4,000 and a weekly market.", "Greyfield's market sells mostly vegetables.", 1),
    ("Greyfield is a small town in the north of the county. It has a population of about 4,000 and a weekly market.", "More than 10,000 people live in Greyfield.", 2),
    ("The Silver Heron is a 2011 film directed by Ana Ruiz. It follows a fisherman who befriends a bird.", "The Silver Heron was released in 2011.", 0),
    ("The Silver Heron is a 2011 film directed by Ana Ruiz. It follows a fisherman who befriends a bird.", "The Silver Heron won an award.", 1),
    ("The Silver Heron is a 2011 film directed by Ana Ruiz. It follows a fisherman who befriends a bird.", "The main character of The Silver Heron is a pilot.", 2),
    ("Jonas Brandt (born 1974) is a German chemist known for his work on batteries.", "Jonas Brandt was born in the 1970s.", 0),
    ("Jonas Brandt (born 1974) is a German chemist known for his work on batteries.", "Jonas Brandt teaches at a university.", 1),
    ("Jonas Brandt (born 1974) is a German chemist known for his work on batteries.", "Jonas Brandt is a painter.", 2),
    ("The Kessel River flows for 120 kilometres before joining the sea near Port Amal.", "The Kessel River reaches the sea.", 0),
    ("The Kessel River flows for 120 kilometres before joining the sea near Port Amal.", "The Kessel River is popular with kayakers.", 1),
    ("The Kessel River flows for 120 kilometres before joining the sea near Port Amal.", "The Kessel River is less than 50 kilometres long.", 2),
    ("Blue Lantern was a rock band formed in Dublin in 1996. They released three albums before splitting up in 2004.", "Blue Lantern released more than two albums.", 0),
    ("Blue Lantern was a rock band formed in Dublin in 1996. They released three albums before splitting up in 2004.", "Blue Lantern toured in America.", 1),
    ("Blue Lantern was a rock band formed in Dublin in 1996. They released three albums before splitting up in 2004.", "Blue Lantern is still together today.", 2),
    ("The Orchard Cup is an amateur cycling race held every September since 1952.", "The Orchard Cup is older than 1960.", 0),
    ("The Orchard Cup is an amateur cycling race held every September since 1952.", "The Orchard Cup route passes through orchards.", 1),
    ("The Orchard Cup is an amateur cycling race held every September since 1952.", "The Orchard Cup takes place in spring.", 2),
    ("Mira Patel is a British novelist whose debut book was published when she was 23.", "Mira Patel wrote a book.", 0),
    ("Mira Patel is a British novelist whose debut book was published when she was 23.", "Mira Patel's debut was a bestseller.", 1),
    ("Mira Patel is a British novelist whose debut book was published when she was 23.", "Mira Patel has never been published.", 2),
    ("Halvard Station is a railway station on the coastal line, opened in 1899 and rebuilt in 1960.", "Halvard Station was rebuilt.", 0),
    ("Halvard Station is a railway station on the coastal line, opened in 1899 and rebuilt in 1960.", "Halvard Station has two platforms.", 1),
    ("Halvard Station is a railway station on the coastal line, opened in 1899 and rebuilt in 1960.", "Halvard Station opened in the 21st century.", 2),
]
write("anli_r1", [{"uid": f"s{i:04d}", "premise": p, "hypothesis": h, "label": l, "reason": ""} for i, (p, h, l) in enumerate(ANLI)])

# google/boolq: question, answer (bool), passage
BOOLQ = [
    ("is a tomato botanically a fruit", True, "In botany, a fruit is the seed-bearing part of a flowering plant that develops from the ovary. By this definition the tomato is a fruit, although cooks usually treat it as a vegetable because of its savoury taste."),
    ("can penguins fly", False, "Penguins are flightless seabirds of the Southern Hemisphere. Their wings have evolved into stiff flippers that make them fast and agile swimmers, but they cannot lift the birds into the air."),
    ("is the great wall of china visible from the moon with the naked eye", False, "A popular claim says the Great Wall of China can be seen from the Moon. Astronauts have reported that it cannot be seen with the naked eye from that distance, because the wall is long but very narrow and similar in colour to the land around it."),
    ("does the pacific ocean cover more area than all the land on earth", True, "The Pacific is the largest and deepest of Earth's oceans. Its surface area is greater than that of all of the planet's land put together."),
    ("is a bat a type of bird", False, "Bats are mammals of the order Chiroptera. They are the only mammals capable of true flight; unlike birds they have fur, give birth to live young and feed them milk."),
    ("do all planets in the solar system have moons", False, "Most planets in the solar system have natural satellites, but Mercury and Venus have none. Jupiter and Saturn each have dozens of known moons."),
    ("is mount everest the tallest mountain above sea level", True, "Mount Everest, on the border between Nepal and China, has the highest summit above sea level of any mountain, at about 8,849 metres."),
    ("is water a good conductor of electricity when it is completely pure", False, "Pure water contains very few ions and is a poor conductor of electricity. Tap water and sea water conduct much better because of the salts and minerals dissolved in them."),
    ("does the human body have more than 200 bones", True, "An adult human skeleton usually has 206 bones. Babies are born with more, but some of them fuse together as the body grows."),
    ("is the sun a star", True, "The Sun is the star at the centre of the solar system. It is a nearly perfect ball of hot plasma that gives off light and heat through nuclear fusion in its core."),
    ("are spiders insects", False, "Spiders are arachnids, not insects. They have eight legs and two main body parts, while insects have six legs and three body parts."),
    ("is it possible for lightning to strike the same place twice", True, "Lightning often strikes the same place more than once, especially tall and pointed objects. Some tall towers are hit dozens of times every year."),
    ("is gold magnetic", False, "Gold is not attracted to magnets in any ordinary sense. Jewellery that sticks to a magnet usually contains other metals such as iron or nickel."),
    ("is the amazon river in south america", True, "The Amazon River flows through South America, mainly through Brazil, Peru and Colombia, and carries more water than any other river in the world."),
    ("do koalas eat mostly bamboo", False, "Koalas feed almost only on the leaves of eucalyptus trees. Bamboo is the main food of the giant panda, an unrelated animal from China."),
    ("is glass made mostly from sand", True, "Most ordinary glass is made by melting silica sand together with soda ash and limestone at very high temperatures."),
    ("does sound travel faster in water than in air", True, "Sound travels about four times faster in water than in air, because the molecules in water are packed more closely together."),
    ("is the moon bigger than the earth", False, "The Moon's diameter is about a quarter of the Earth's. It is the fifth largest moon in the solar system."),
    ("can a whale shark be dangerous to swimmers because it hunts people", False, "The whale shark is the largest living fish. Despite its size it is a filter feeder that eats plankton and small fish, and it is considered harmless to people."),
    ("is venus the hottest planet in the solar system", True, "Although Mercury is closer to the Sun, Venus is the hottest planet because its thick carbon dioxide atmosphere traps heat."),
]
write("bool_q", [{"question": q, "answer": a, "passage": p} for q, a, p in BOOLQ])

# rajpurkar/squad
SQUAD = [
    ("Lighthouse", "A lighthouse is a tower built to give off light from a system of lamps and lenses. Lighthouses mark dangerous coastlines, reefs and safe entries to harbours. Before electricity they burned wood, coal or oil; most are now automated and no longer need a keeper.",
     [("What do lighthouses mark?", "dangerous coastlines, reefs and safe entries to harbours"),
      ("What did lighthouses burn before electricity?", "wood, coal or oil"),
      ("What do most lighthouses no longer need?", "a keeper")]),
    ("Honey_bee", "Honey bees live in colonies with a single queen, thousands of female workers and, in summer, a few hundred males called drones. Workers collect nectar and pollen, build the comb from wax and look after the young. A worker bee lives for about six weeks in the busy season.",
     [("How many queens does a honey bee colony have?", "a single queen"),
      ("What are male honey bees called?", "drones"),
      ("How long does a worker bee live in the busy season?", "about six weeks")]),
    ("Printing_press", "The printing press with movable metal type was developed in Mainz around 1440. It made books far cheaper to produce, and within fifty years presses were working in more than two hundred European towns. The spread of printed books helped ideas travel quickly.",
     [("Where was the printing press with movable metal type developed?", "Mainz"),
      ("Around what year was it developed?", "1440"),
      ("In how many European towns were presses working within fifty years?", "more than two hundred")]),
    ("Volcano", "A volcano forms where molten rock, called magma, rises through the Earth's crust. When magma reaches the surface it is called lava. Some volcanoes erupt explosively and throw ash high into the sky, while others release slow rivers of lava.",
     [("What is molten rock inside the Earth called?", "magma"),
      ("What is magma called when it reaches the surface?", "lava"),
      ("What do explosive eruptions throw into the sky?", "ash")]),
    ("Tea", "Tea is made by pouring hot water over the cured leaves of the Camellia sinensis plant. It probably began as a medicinal drink in southwest China. After water, it is the most widely drunk beverage in the world.",
     [("Which plant are tea leaves taken from?", "Camellia sinensis"),
      ("Where did tea probably begin as a medicinal drink?", "southwest China"),
      ("What is the only drink consumed more widely than tea?", "water")]),
    ("Bicycle", "The first bicycles of the early nineteenth century had no pedals: riders pushed themselves along with their feet. Pedals were later fixed to the front wheel, and the chain-driven safety bicycle with two wheels of equal size appeared in the 1880s. It remains the basic design today.",
     [("How did riders move the first bicycles?", "pushed themselves along with their feet"),
      ("When did the safety bicycle appear?", "the 1880s"),
      ("What drove the safety bicycle?", "chain")]),
    ("Coral_reef", "Coral reefs are built by colonies of tiny animals called polyps, which lay down skeletons of calcium carbonate. Reefs cover less than one percent of the ocean floor but are home to about a quarter of all marine species. Warmer seas can cause corals to lose their colour, an effect known as bleaching.",
     [("What animals build coral reefs?", "polyps"),
      ("What are coral skeletons made of?", "calcium carbonate"),
      ("What is the loss of colour in corals called?", "bleaching")]),
    ("Olympic_Games", "The modern Olympic Games were first held in Athens in 1896, with athletes from fourteen nations. Winter Games were added in 1924. Since 1994 the summer and winter events have taken place two years apart.",
     [("Where were the first modern Olympic Games held?", "Athens"),
      ("How many nations took part in 1896?", "fourteen"),
      ("When were the Winter Games added?", "1924")]),
]
rows, i = [], 0
for title, ctx, qas in SQUAD:
    for q, a in qas:
        rows.append({"id": f"sample{i:04d}", "title": title, "context": ctx, "question": q,
                     "answers": {"text": [a], "answer_start": [ctx.index(a)]}})
        i += 1
write("squad_v1", rows)

# TFDS ag_news_subset: description, label (0 World, 1 Sports, 2 Business, 3 Sci/Tech), title
AG = [
    ("Leaders meet to discuss river water sharing", "Officials from three neighbouring countries met on Monday to agree on how water from a shared river will be divided during the dry season.", 0),
    ("Election date set after months of debate", "The country's parliament has fixed a date for the general election after a long dispute between the main parties.", 0),
    ("Aid convoy reaches flooded villages", "Trucks carrying food and medicine arrived in villages cut off by floods, relief agencies said.", 0),
    ("Peace talks resume in the capital", "Negotiators returned to the table on Thursday, hoping to end a conflict that has lasted two years.", 0),
    ("New ambassador arrives amid trade row", "The newly appointed ambassador presented her credentials as the two governments argue over import rules.", 0),
    ("Late goal sends underdogs into cup final", "A header in the last minute gave the second-division side a famous win and a place in the final.", 1),
    ("Veteran sprinter announces retirement", "The two-time champion said this season's race in her home town will be the last of her career.", 1),
    ("Rain halts third day of test match", "Heavy showers meant no play was possible after lunch, leaving the match finely balanced.", 1),
    ("Young tennis star reaches first semi-final", "The 19-year-old beat the fourth seed in straight sets to reach the last four of a major for the first time.", 1),
    ("Coach signs three-year extension", "The club confirmed that its head coach has agreed to stay until the end of the 2027 season.", 1),
    ("Airline profits rise as travel recovers", "The carrier reported its best quarterly results in five years, helped by strong demand for summer flights.", 2),
    ("Central bank holds interest rates", "Policy makers left borrowing costs unchanged, saying inflation is slowing but remains above target.", 2),
    ("Carmaker to cut jobs at two plants", "The company plans to reduce its workforce as it shifts production toward electric models.", 2),
    ("Retail sales dip in October", "Shoppers spent less on clothing and furniture last month, according to government figures.", 2),
    ("Grocery chain agrees to buy rival", "The deal would create the country's second-largest supermarket group, pending approval by regulators.", 2),
    ("Probe sends first images from comet", "A space probe has returned close-up pictures of a comet's icy surface, delighting mission scientists.", 3),
    ("Researchers unveil faster battery charging method", "A university team says its new electrode design can charge phone batteries in a few minutes.", 3),
    ("Software update fixes security flaw", "The maker of a popular web browser has released a patch for a bug that could let attackers run code.", 3),
    ("Telescope spots water vapour on distant planet", "Astronomers detected signs of water in the atmosphere of a planet orbiting a nearby star.", 3),
    ("Chip maker shows smaller transistor design", "Engineers presented a prototype processor built with transistors only a few nanometres across.", 3),
]
write("ag_news_subset", [{"description": d, "label": l, "title": t} for t, d, l in AG])

# allenai/common_gen: concept_set_idx, concepts, target
CG = [
    (["dog", "frisbee", "catch", "throw"], "A man throws a frisbee and his dog jumps to catch it."),
    (["bake", "bread", "oven", "morning"], "Every morning she bakes fresh bread in a wood-fired oven."),
    (["child", "kite", "fly", "beach"], "A child flies a red kite on the windy beach."),
    (["river", "boat", "row", "friend"], "Two friends row a small boat down the quiet river."),
    (["guitar", "play", "stage", "crowd"], "The singer plays guitar on stage in front of a cheering crowd."),
    (["snow", "shovel", "driveway", "clear"], "He uses a shovel to clear the snow from the driveway."),
    (["cat", "sleep", "sofa", "sun"], "The cat sleeps on the sofa in a patch of sun."),
    (["student", "book", "read", "library"], "A student reads a thick book in the library."),
    (["chef", "chop", "onion", "knife"], "The chef chops an onion with a sharp knife."),
    (["horse", "field", "run", "fence"], "A horse runs across the field and stops at the fence."),
    (["paint", "wall", "brush", "ladder"], "Standing on a ladder, she paints the wall with a wide brush."),
    (["ball", "kick", "goal", "player"], "The player kicks the ball into the goal."),
    (["tree", "climb", "boy", "branch"], "A boy climbs the tree and sits on a high branch."),
    (["rain", "umbrella", "street", "walk"], "People walk down the street holding umbrellas in the rain."),
    (["water", "plant", "garden", "can"], "An old man waters the plants in his garden with a metal can."),
    (["bike", "ride", "hill", "helmet"], "Wearing a helmet, she rides her bike up the steep hill."),
    (["coffee", "pour", "cup", "table"], "He pours coffee into a cup on the kitchen table."),
    (["wave", "surf", "board", "ocean"], "A surfer rides a big wave on his board in the ocean."),
    (["camera", "photo", "mountain", "take"], "A tourist takes a photo of the mountain with her camera."),
    (["fish", "lake", "rod", "catch"], "A girl catches a fish in the lake with a long rod."),
]
write("common_gen", [{"concept_set_idx": i, "concepts": c, "target": t} for i, (c, t) in enumerate(CG)])

# CogComp/trec: coarse_label 0 ABBR, 1 ENTY, 2 DESC, 3 HUM, 4 LOC, 5 NUM
TREC = [
    ("What does the abbreviation NASA stand for ?", 0, 1),
    ("What is the full form of UNESCO ?", 0, 1),
    ("What does HTML mean ?", 0, 1),
    ("What does the term ' RSVP ' stand for on an invitation ?", 0, 1),
    ("What kind of animal is a dingo ?", 1, 3),
    ("What instrument did Louis Armstrong play ?", 1, 14),
    ("What color is a ripe lime ?", 1, 5),
    ("Which sport uses a shuttlecock ?", 1, 17),
    ("What is photosynthesis ?", 2, 25),
    ("Why do leaves change color in autumn ?", 2, 27),
    ("How does a refrigerator keep food cold ?", 2, 26),
    ("What is the meaning of the word ' ephemeral ' ?", 2, 25),
    ("Who painted the ceiling of the Sistine Chapel ?", 3, 29),
    ("Who was the first woman to win a Nobel Prize ?", 3, 29),
    ("Which company makes the iPhone ?", 3, 28),
    ("Who wrote the novel ' Don Quixote ' ?", 3, 29),
    ("Where is the Great Barrier Reef ?", 4, 32),
    ("What is the capital city of Canada ?", 4, 31),
    ("In which country is the city of Marrakesh ?", 4, 33),
    ("Which river flows through Budapest ?", 4, 35),
    ("How many legs does a spider have ?", 5, 38),
    ("When did the Berlin Wall fall ?", 5, 39),
    ("How tall is the Eiffel Tower ?", 5, 42),
    ("What is the boiling point of water in Fahrenheit ?", 5, 46),
]
write("trec", [{"text": t, "coarse_label": c, "fine_label": f} for t, c, f in TREC])

# super_glue/copa: premise, choice1, choice2, question, idx, label
COPA = [
    ("The road was covered in ice.", "The bus drove slowly.", "The bus drove faster than usual.", "effect", 0),
    ("The girl's ice cream melted.", "It was a very hot afternoon.", "She kept it in the freezer.", "cause", 0),
    ("I forgot my umbrella at home.", "I got wet on the way to work.", "I stayed dry all day.", "effect", 0),
    ("The baby started to cry.", "She had just eaten.", "She was hungry.", "cause", 1),
    ("The power went out in the building.", "The lights turned off.", "The elevator went faster.", "effect", 0),
    ("He put on his heavy coat.", "It was cold outside.", "It was his birthday.", "cause", 0),
    ("The glass fell off the table.", "It shattered on the floor.", "It filled with water.", "effect", 0),
    ("The student stayed up all night.", "She was bored of the subject.", "She had an exam in the morning.", "cause", 1),
    ("The plant did not get any water for weeks.", "It grew new flowers.", "Its leaves dried up.", "effect", 1),
    ("The crowd cheered loudly.", "The home team scored.", "The stadium was empty.", "cause", 0),
    ("I left the bread out overnight.", "It went stale.", "It became fresher.", "effect", 0),
    ("The man lost his voice.", "He shouted at the concert all night.", "He slept for ten hours.", "cause", 0),
    ("The shop lowered its prices.", "Fewer people came in.", "More customers arrived.", "effect", 1),
    ("The dog barked at the door.", "Someone rang the bell.", "The dog was asleep.", "cause", 0),
    ("The runner tied her shoelaces tightly.", "She tripped during the race.", "Her shoes stayed on during the race.", "effect", 1),
    ("The river flooded the fields.", "It had rained for days.", "There was a long drought.", "cause", 0),
    ("The child touched the hot stove.", "He pulled his hand back quickly.", "He fell asleep.", "effect", 0),
    ("The teacher raised her voice.", "The class was very noisy.", "The class was silent.", "cause", 0),
    ("My phone battery was empty.", "I could not call my friend.", "I called my friend twice.", "effect", 0),
    ("The milk smelled sour.", "It was past its date.", "It was just bought.", "cause", 0),
]
write("copa", [{"premise": p, "choice1": c1, "choice2": c2, "question": q, "idx": i, "label": l}
               for i, (p, c1, c2, q, l) in enumerate(COPA)])

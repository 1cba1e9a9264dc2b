#!/usr/bin/env python3
"""Writes the demo datasets under tasks/demo/data/ from the sentences below.

The sentences are flanmix's own, written for the demo; the files use the real source
formats (an HF-style JSONL export with integer labels, a NIV2 task JSON, a FLAN CoT TSV),
so the demo exercises the same readers as real builds. Run: python3 tools/demo/make_demo_data.py
The generated files are committed; this script documents how they were made.
"""
import json, os, sys

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tasks", "demo", "data")

# (premise, hypothesis, label) with label 0 = entailment, 1 = not entailment (GLUE RTE style)
NLI = [
    ("The bakery on Elm Street opens at six every morning.", "The bakery opens early.", 0),
    ("Maria planted tomatoes, beans and basil in her garden this spring.", "Maria grows vegetables.", 0),
    ("The bridge was closed for repairs during the whole of July.", "Cars crossed the bridge in July.", 1),
    ("Our train left the station twenty minutes late because of snow.", "The train was delayed.", 0),
    ("The museum added a wing for modern sculpture last year.", "The museum has no sculptures.", 1),
    ("Ken forgot his umbrella and got soaked on the way home.", "It rained while Ken walked home.", 0),
    ("The library lends laptops to students for up to two weeks.", "Students can borrow laptops.", 0),
    ("The lake froze solid, so the town held a skating festival.", "The lake was warm enough to swim in.", 1),
    ("Priya finished the marathon in just under four hours.", "Priya ran a marathon.", 0),
    ("The startup hired twelve engineers after raising new funds.", "The startup laid off its engineers.", 1),
    ("A storm knocked out power to three villages overnight.", "Some homes lost electricity.", 0),
    ("The orchestra rehearsed the symphony every evening for a month.", "The orchestra never practiced.", 1),
    ("Tom repaired the old bicycle he found in his grandfather's barn.", "Tom fixed a bicycle.", 0),
    ("The recipe calls for two cups of flour and one egg.", "The recipe needs eggs.", 0),
    ("The ferry to the island runs only on weekends in winter.", "The ferry runs daily all year.", 1),
    ("Lena wrote her thesis on the migration of arctic terns.", "Lena studied birds.", 0),
    ("The council voted to build a new playground near the school.", "The council rejected every new project.", 1),
    ("The company's profits doubled after it entered the Asian market.", "The company earned more money.", 0),
    ("The hikers turned back when the fog became too thick.", "The hikers reached the summit in clear weather.", 1),
    ("The chef uses only vegetables from local farms.", "The chef buys local produce.", 0),
    ("Ahmed speaks Arabic at home and English at work.", "Ahmed speaks two languages.", 0),
    ("The patient was discharged after the fever went down.", "The patient stayed in hospital for years.", 1),
    ("The satellite sends weather images to Earth every hour.", "The satellite collects weather data.", 0),
    ("The shop sold out of umbrellas during the first rainy week.", "Nobody bought umbrellas.", 1),
    ("Grace adopted a puppy from the animal shelter.", "Grace has a dog.", 0),
    ("The old mill was turned into a small hotel.", "The mill still grinds grain today.", 1),
    ("Volunteers cleaned two kilometres of beach on Saturday.", "The beach was cleaned by volunteers.", 0),
    ("The printer jammed twice before the report was finished.", "The printer worked perfectly.", 1),
    ("Sam's flight to Lisbon was cancelled because of a strike.", "Sam's flight did not leave.", 0),
    ("The river flooded the lower fields after days of heavy rain.", "The fields stayed dry.", 1),
    ("Nina teaches piano to children on Tuesday afternoons.", "Nina is a music teacher.", 0),
    ("The team lost the final by a single goal.", "The team won the championship.", 1),
    ("Fresh snow closed the mountain pass until noon.", "The pass was blocked for part of the day.", 0),
    ("The scientist published her results in a journal about oceans.", "The results were never published.", 1),
    ("Jonas saved money for a year to buy a used car.", "Jonas bought a car.", 0),
    ("The cafe offers free refills of coffee before ten.", "Coffee refills cost extra all day.", 1),
]

# NIV2-style task: give the capital of a country (definition, examples, instances).
CAPITALS = [
    ("Portugal", "Lisbon"), ("Kenya", "Nairobi"), ("Canada", "Ottawa"), ("Peru", "Lima"),
    ("Norway", "Oslo"), ("Egypt", "Cairo"), ("Japan", "Tokyo"), ("Chile", "Santiago"),
    ("Poland", "Warsaw"), ("Ghana", "Accra"), ("Vietnam", "Hanoi"), ("Austria", "Vienna"),
    ("Cuba", "Havana"), ("Finland", "Helsinki"), ("Morocco", "Rabat"), ("Nepal", "Kathmandu"),
    ("Greece", "Athens"), ("Mexico", "Mexico City"), ("Ireland", "Dublin"), ("Iran", "Tehran"),
    ("Hungary", "Budapest"), ("Senegal", "Dakar"), ("Thailand", "Bangkok"), ("Uruguay", "Montevideo"),
    ("Denmark", "Copenhagen"), ("Ethiopia", "Addis Ababa"), ("Mongolia", "Ulaanbaatar"),
    ("Belgium", "Brussels"), ("Colombia", "Bogotá"), ("Latvia", "Riga"), ("Jordan", "Amman"),
    ("Tunisia", "Tunis"), ("Iceland", "Reykjavík"), ("Bolivia", ["Sucre", "La Paz"]),
]

# CoT rows: question, answer, rationale. Literal backslash-n in questions/rationales as in FLAN's TSVs.
COT = [
    ("A box holds 12 pencils. How many pencils are in 5 boxes?", "60", "Each box has 12 pencils and there are 5 boxes, so 12 * 5 = 60 pencils."),
    ("Lia reads 15 pages a day. How many days does she need for a 90-page book?", "6", "She reads 15 pages per day, so 90 / 15 = 6 days."),
    ("A bus has 40 seats and 27 are taken. How many seats are free?", "13", "Free seats are the total minus the taken ones: 40 - 27 = 13."),
    ("Tim buys 3 apples at 2 dollars each and a melon for 5 dollars. What does he pay?", "11", "The apples cost 3 * 2 = 6 dollars.\\nAdding the melon gives 6 + 5 = 11 dollars."),
    ("A garden is 8 metres long and 5 metres wide. What is its area in square metres?", "40", "Area is length times width, so 8 * 5 = 40 square metres."),
    ("Sara had 50 stickers and gave 18 to her brother. How many are left?", "32", "She gave away 18 of 50, so 50 - 18 = 32 remain."),
    ("A train travels 60 km each hour. How far does it go in 4 hours?", "240", "Distance is speed times time: 60 * 4 = 240 km."),
    ("There are 7 days in a week. How many days are in 9 weeks?", "63", "Nine weeks of 7 days each is 9 * 7 = 63 days."),
    ("A pizza is cut into 8 slices and 3 people eat 2 slices each. How many slices remain?", "2", "The people eat 3 * 2 = 6 slices.\\nSo 8 - 6 = 2 slices remain."),
    ("Omar saves 25 dollars a week. How much does he save in 12 weeks?", "300", "He saves 25 each week for 12 weeks: 25 * 12 = 300 dollars."),
    ("Can a penguin fly over the Alps?\\nOptions:\\n- yes\\n- no", "no", "Penguins are birds that cannot fly at all, so a penguin cannot fly over mountains."),
    ("Is ice cream usually served hot?\\nOptions:\\n- yes\\n- no", "no", "Ice cream is a frozen dessert, and heat would melt it."),
    ("Would a cat fit inside a shoebox?\\nOptions:\\n- yes\\n- no", "yes", "A small or medium cat can curl up in a large shoebox; cats like tight spaces."),
    ("Is the Pacific the largest ocean on Earth?\\nOptions:\\n- yes\\n- no", "yes", "The Pacific covers more area than any other ocean."),
    ("Can you boil water at room temperature at sea level?\\nOptions:\\n- yes\\n- no", "no", "At sea level water boils at 100 degrees Celsius, far above room temperature."),
    ("Do bananas grow underground?\\nOptions:\\n- yes\\n- no", "no", "Bananas grow in bunches on large plants above the ground."),
    ("Is a marathon longer than 40 kilometres?\\nOptions:\\n- yes\\n- no", "yes", "A marathon is about 42.2 kilometres, which is more than 40."),
    ("Could a person walk across the Atlantic Ocean?\\nOptions:\\n- yes\\n- no", "no", "The Atlantic is deep water thousands of kilometres wide, so nobody can walk across it."),
    ("Are tomatoes botanically fruits?\\nOptions:\\n- yes\\n- no", "yes", "Tomatoes develop from a flower and hold seeds, which makes them fruits in botany."),
    ("Would a snowman last long in a desert at noon?\\nOptions:\\n- yes\\n- no", "no", "Deserts are very hot at noon, so the snow would melt quickly."),
    ("If 4 friends share 28 marbles equally, how many does each get?", "7", "Sharing equally means dividing: 28 / 4 = 7 marbles each."),
    ("A shirt costs 20 dollars and is 25 percent off. What is the sale price?", "15", "25 percent of 20 is 5.\\nSo the price is 20 - 5 = 15 dollars."),
    ("Mia is 9 and her sister is twice her age. How old is the sister?", "18", "Twice 9 is 2 * 9 = 18."),
    ("A farmer has 6 rows of 14 cabbages. How many cabbages are there?", "84", "Six rows of 14 is 6 * 14 = 84 cabbages."),
    ("Does a compass needle point to the north?\\nOptions:\\n- yes\\n- no", "yes", "A compass needle is magnetised and lines up with Earth's magnetic field, pointing north."),
    ("Is a whale a fish?\\nOptions:\\n- yes\\n- no", "no", "Whales breathe air and feed their young with milk, so they are mammals, not fish."),
    ("A tank holds 500 litres and is 40 percent full. How many litres are in it?", "200", "40 percent of 500 is 0.4 * 500 = 200 litres."),
    ("Ben runs 3 km on Monday, 5 km on Wednesday and 4 km on Friday. What is his total?", "12", "Adding the three runs: 3 + 5 + 4 = 12 km."),
    ("Can the Moon be seen during the day?\\nOptions:\\n- yes\\n- no", "yes", "The Moon is often visible in the daytime sky when it is above the horizon."),
    ("Is sand made by grinding glass?\\nOptions:\\n- yes\\n- no", "no", "Most sand comes from rocks and shells worn down by water and wind; glass is made from sand, not the other way round."),
]


def write_nli():
    labels = ["entailment", "not_entailment"]
    with open(os.path.join(OUT, "nli_train.jsonl"), "w", encoding="utf-8") as f:
        for i, (p, h, y) in enumerate(NLI):
            f.write(json.dumps({"idx": i, "sentence1": p, "sentence2": h, "label": y}, ensure_ascii=False) + "\n")


def write_niv2():
    insts = []
    for i, (country, cap) in enumerate(CAPITALS[2:]):
        out = cap if isinstance(cap, list) else [cap]
        insts.append({"id": "task9001-%032x" % (i + 1), "input": country, "output": out})
    task = {
        "Contributors": ["flanmix demo"],
        "Source": ["flanmix_demo"],
        "URL": ["https://example.invalid/flanmix-demo"],
        "Categories": ["Question Answering"],
        "Reasoning": [],
        "Definition": ["You are given the name of a country. Answer with the name of its capital city."],
        "Input_language": ["English"],
        "Output_language": ["English"],
        "Instruction_language": ["English"],
        "Domains": ["Geography"],
        "Positive Examples": [
            {"input": CAPITALS[0][0], "output": CAPITALS[0][1], "explanation": "Lisbon is the capital city of Portugal."},
            {"input": CAPITALS[1][0], "output": CAPITALS[1][1], "explanation": "Nairobi is where Kenya's government sits."},
        ],
        "Negative Examples": [
            {"input": "Australia", "output": "Sydney", "explanation": "Sydney is the largest city, but the capital is Canberra."},
        ],
        "Instances": insts,
        "Instance License": ["CC0 1.0"],
    }
    # Same serialization as NIV2's own files: indent 4, raw UTF-8, no final newline.
    with open(os.path.join(OUT, "task9001_demo_country_capital.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(task, indent=4, ensure_ascii=False))


def write_cot():
    with open(os.path.join(OUT, "demo_cot_train.tsv"), "w", encoding="utf-8") as f:
        for q, a, r in COT:
            f.write("%s\t%s\t%s\n" % (q, a, r))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write_nli()
    write_niv2()
    write_cot()
    print("wrote demo data to", os.path.normpath(OUT), file=sys.stderr)

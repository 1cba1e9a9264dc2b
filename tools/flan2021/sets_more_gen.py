"""Third pass for the generation, text-repair and single-sentence classification sets: about
ten zero-shot wordings each (question first, passage first, instruction and role styles, an
inverted prompt or two), distinct no-options wordings for the option sets, and more few-shot
patterns (including an inverted one that is kept out of the in-template mix)."""
from .tpl import add, FS

# ================================================================ summarization
add("xsum",
    zs=[("You are a sub-editor on a news desk. Boil the story below down to one sentence for "
         "the front-page teaser.\n\n{text}", "{summary}"),
        ("Question: what single sentence best sums up this BBC report?\n\nReport:\n{text}", "{summary}"),
        ("{text}\n\nIf you had to tell a friend what happened in just one sentence, what would you say?",
         "{summary}"),
        ("Here is the one-sentence summary of a news story: \"{summary}\"\n\nWrite the full story.",
         "{text}")],
    fs=[FS("Q: What is the one-sentence summary of this report?\n{text}", "{summary}", tp="A: ", xy="\n",
           sep="\n\n"),
        FS("Summary: {summary}\nWrite the article.", "{text}", mix=False)])

add("multi_news",
    zs=[("You edit a news digest. Several outlets covered the same event; merge their reports into one "
         "summary for your readers.\n\n{text}", "{summary}"),
        ("What do the following reports, taken together, say happened?\n\n{text}", "{summary}"),
        ("{text}\n\nThe reports above cover one story. Write a summary that draws on all of them.", "{summary}"),
        ("Summary of the coverage: {summary}\n\nWrite one of the news reports this summary could have "
         "been drawn from.", "{text}")],
    fs=[FS("Coverage:\n{text}\n\nWhat happened?", "{summary}", tp="In brief: ", xy="\n", sep="\n\n"),
        FS("Summary: {summary}\nWrite the source articles.", "{text}", mix=False)])

add("newsroom",
    zs=[("You write the short blurbs shown under headlines on a news site. Write one for this article.\n\n"
         "{title}\n\n{text}", "{summary}"),
        ("What is the article below mainly reporting?\n\n{text}", "{summary}"),
        ("Write a news story with the headline \"{title}\".", "{text}")],
    fs=[FS("Headline: {title}\nStory: {text}", "{summary}", tp="Blurb: ", xy="\n", sep="\n\n"),
        FS("Title: {title}\nSummary: {summary}\nWrite the article.", "{text}", mix=False)])

add("samsum",
    zs=[("You are taking notes for someone who missed this chat. Write down briefly what was said and "
         "decided.\n\n{dialogue}", "{summary}"),
        ("Who said what? Give a short third-person account of this conversation.\n\n{dialogue}", "{summary}"),
        ("{dialogue}\n\nWrite a one- or two-sentence recap of the exchange above.", "{summary}"),
        ("Write a text-message conversation between friends.", "{dialogue}")],
    fs=[FS("Messages:\n{dialogue}", "{summary}", tp="Recap: ", xy="\n\n", sep="\n\n"),
        FS("Summary: {summary}\nWrite the conversation.", "{dialogue}", mix=False)])

add("wiki_lingua_english_en",
    zs=[("You are preparing a quick-reference card from a long how-to article. Write the short "
         "version.\n\n{source}", "{target}"),
        ("What does this guide tell you to do, in a few sentences?\n\n{source}", "{target}"),
        ("{source}\n\nRewrite the instructions above as a brief summary someone could follow at a glance.",
         "{target}"),
        ("Steps in brief:\n{target}\n\nWrite the full guide, explaining each step.", "{source}")],
    fs=[FS("How to, long version: {source}", "{target}", tp="Short version: ", xy="\n", sep="\n\n"),
        FS("Summary: {target}\nWrite the full instructions.", "{source}", mix=False)])

add("opinion_abstracts_rotten_tomatoes",
    zs=[("You write the consensus blurbs for a review aggregator. Based on these critics' reviews of "
         "{movie}, write the blurb.\n\n{numbered_reviews}", "{critic_consensus}"),
        ("What is the general feeling of the critics below about {movie}?\n\n{numbered_reviews}",
         "{critic_consensus}"),
        ("{numbered_reviews}\n\nThese reviews are all about the same film. Write one sentence that reflects "
         "what most of them say.", "{critic_consensus}"),
        ("Write a short critic's review of {movie}.", "{first_review}")],
    fs=[FS("Film: {movie}\n\nWhat critics said:\n{numbered_reviews}", "{critic_consensus}", tp="Overall: ",
           xy="\n", sep="\n\n"),
        FS("Consensus on {movie}: {critic_consensus}\nWrite a review in line with it.", "{first_review}",
           mix=False)])

add("opinion_abstracts_idebate",
    zs=[("You are judging a debate on \"{debate_name}\". One side made the argument below. In one "
         "sentence, what are they claiming?\n\n{argument_sentences}", "{claim}"),
        ("Which position is this passage arguing for?\n\n{argument_sentences}", "{claim}"),
        ("{argument_sentences}\n\nThis was said in a debate titled \"{debate_name}\". State the conclusion "
         "the speaker wants the audience to accept.", "{claim}"),
        ("Claim: {claim}\n\nGive the reasons a debater would offer in support of this claim.",
         "{argument_sentences}")],
    fs=[FS("Motion: {debate_name}\nSpeech: {argument_sentences}", "{claim}", tp="Position: ", xy="\n",
           sep="\n\n"),
        FS("Claim: {claim}\nArgue for it.", "{argument_sentences}", mix=False)])

add("aeslc",
    zs=[("You are an assistant sorting your manager's inbox. Write a clear subject line for this message "
         "so it is easy to find later.\n\n{body}", "{subject}"),
        ("This email was sent without a subject:\n\n{body}\n\nAdd one.", "{subject}"),
        ("Subject: {subject}\n\nDraft the message that goes with this subject line.", "{body}")],
    fs=[FS("Message:\n{body}\n\nWhat should the subject be?", "{subject}", xy=" ", sep="\n\n")])

add("cnn_dailymail",
    zs=[("You edit the bullet-point box that appears at the top of online news stories. Write it for this "
         "story.\n\n{text}", "{highlights}"),
        ("Question: if a reader only had time for three or four sentences, what should they learn from "
         "this article?\n\n{text}", "{highlights}"),
        ("Here are the bullet points of a news report:\n{highlights}\n\nWrite the report in full.", "{text}")],
    fs=[FS("Story: {text}\n\nBullet points:", "{highlights}", xy="\n", sep="\n\n")])

add("gigaword",
    zs=[("You are a headline writer with very little space. Write a headline for this opening "
         "sentence.\n\n{text}", "{summary}"),
        ("Lead sentence of a wire story:\n\"{text}\"\n\nGive the story a short title.", "{summary}"),
        ("Headline: {summary}\n\nWhat might the first sentence of this article say?", "{text}")],
    fs=[FS("Q: Headline for \"{text}\"?", "{summary}", tp="A: ", xy="\n", sep="\n\n")])

# ================================================================ data to text
add("common_gen",
    zs=[("You are writing example sentences for a vocabulary book. Write one sentence that uses every "
         "word in this list: {concepts}", "{target}"),
        ("What is an everyday situation in which you could mention all of these things?\n"
         "{concepts_newline}\nDescribe it in one sentence.", "{target}"),
        ("Which nouns and verbs carry the meaning of this sentence?\n\n{target}", "{concepts}")],
    fs=[FS("Use these: {concepts}\nSentence:", "{target}", xy=" ", sep="\n")])

add("dart",
    zs=[("You are turning a table of facts into prose for a report. Write one sentence covering every "
         "row.\n\n{tripleset_newline}", "{target}"),
        ("Which sentence states all of the following? {tripleset}", "{target}"),
        ("Data records:\n{tripleset_newline}\n\nA short sentence a reader would understand without seeing "
         "the data:", "{target}"),
        ("Sentence: {target}\n\nWhat structured data could this sentence have been generated from?",
         "{tripleset}")],
    fs=[FS("Records:\n{tripleset_newline}\nSentence:", "{target}", xy=" ", sep="\n\n"),
        FS("{target}\nTriples?", "{tripleset}", xy="\n", mix=False)])

add("e2e_nlg",
    zs=[("You write listings for a restaurant guide. Using only the details given, write an entry.\n\n"
         "{meaning_representation}", "{target}"),
        ("How would you describe a place with these features? {meaning_representation}", "{target}"),
        ("{meaning_representation}\n\nWrite something a diner might read on a review site that mentions "
         "every one of these details.", "{target}"),
        ("Restaurant description: {target}\n\nConvert it into attribute[value] pairs.",
         "{meaning_representation}")],
    fs=[FS("Details: {meaning_representation}\nWrite the listing.", "{target}", xy="\n", sep="\n\n"),
        FS("{target}\nAttributes?", "{meaning_representation}", xy="\n", mix=False)])

add("web_nlg_en",
    zs=[("You are writing an encyclopedia entry from a database. Express these records as readable "
         "text.\n\n{input_string}", "{target}"),
        ("What sentence would state all of these facts? {input_string}", "{target}"),
        ("{input_string}\n\nEach item above is a subject | relation | object triple. Put them into words.",
         "{target}"),
        ("Knowledge-graph facts: {input_string}\nWrite them up as a short paragraph:", "{target}")],
    fs=[FS("Triples: {input_string}\nWrite a sentence.", "{target}", xy="\n", sep="\n\n"),
        FS("Text: {target}\nList its facts.", "{input_string}", mix=False)])

# ================================================================ text repair
add("fix_punct",
    zs=["You are proofreading a transcript that was typed without any punctuation. Fix this line.\n\n"
        "{no_punct}",
        "What would this look like with commas, full stops and other marks in place? {no_punct}",
        "{no_punct}\n\nThis is hard to read. Rewrite it so that it is punctuated correctly."],
    fs=[FS("Unpunctuated: {no_punct}", tp="Corrected: ", xy="\n", sep="\n\n"),
        FS("{answer}\nWithout punctuation:", "{no_punct}", xy=" ", mix=False)])

add("true_case",
    zs=["You are cleaning up text from a system that lower-cased everything. Restore the proper "
        "capitals.\n\n{lower}",
        "Which words in \"{lower}\" should start with a capital letter? Write the sentence correctly.",
        "{lower}\n\nNames, sentence starts and acronyms have lost their capitals here. Rewrite it."],
    fs=[FS("all lower: {lower}", tp="Proper: ", xy="\n", sep="\n\n"),
        FS("{answer}\nLower-cased:", "{lower}", xy=" ", mix=False)])

add("word_segment",
    zs=["You are fixing text whose spaces were lost when it was copied. Restore the word boundaries.\n\n"
        "{no_space}",
        "Where do the words begin and end in \"{no_space}\"? Write it with spaces.",
        "{no_space}\n\nThis is unreadable as it is. Separate the words."],
    fs=[FS("Joined: {no_space}", tp="Separated: ", xy="\n", sep="\n\n"),
        FS("{answer}\nWith spaces removed:", "{no_space}", xy=" ", mix=False)])

# ================================================================ single-sentence classification
# These option sets get their own no-options wordings: FLAN's ZS-NoOpt prompts name the
# choices in the question instead of listing them.
add("cola",
    zs=["You are an English teacher marking sentences. Is this one grammatical?\n\n{sentence}\n\n{options_}",
        "Here is a sentence that may or may not be well formed:\n{sentence}\n\nJudge it.\n{options_}",
        "{options_}\n\nWhich of the above describes this sentence: \"{sentence}\"?"],
    zsno=["{sentence}\n\nIs this sentence grammatical?",
          "You are an English teacher marking sentences. Would you accept this one as correct English?\n\n"
          "{sentence}",
          "Would a linguist accept \"{sentence}\" as a well-formed English sentence?",
          "Sentence: {sentence}\n\nIs it grammatically acceptable or unacceptable?",
          "Check this sentence for grammaticality: {sentence}",
          ("Write a sentence that is grammatically {answer_text}.", "{sentence}")],
    fs=[FS("Q: Is this a well-formed English sentence? {sentence}\n{options_}", tp="A: ", xy="\n",
           sep="\n\n"),
        FS("Write an {answer} English sentence.", "{sentence}", mix=False)])

add("sst2",
    zs=["You are choosing quotes from film critics for a poster. Does this one praise or criticise the "
        "film?\n\n\"{sentence}\"\n\n{options_}",
        "{options_}\n\nPick the sentiment that fits this phrase from a review: {sentence}",
        ("Write a short line from a movie review whose tone is {answer}.", "{sentence}")],
    zsno=["{sentence}\n\nIs this phrase from a review positive or negative?",
          "Did the critic who wrote \"{sentence}\" like the movie?",
          "Review excerpt: {sentence}\n\nWhat sentiment does it express?",
          "Decide whether this movie review phrase is favourable or unfavourable: {sentence}",
          "You are choosing quotes from film critics for a poster. Does this one praise or criticise the "
          "film?\n\n\"{sentence}\"",
          ("Write a {answer_text} line from a movie review.", "{sentence}")],
    fs=[FS("Q: Positive or negative? \"{sentence}\"\n{options_}", tp="A: ", xy="\n", sep="\n\n"),
        FS("Write a {answer} movie review sentence.", "{sentence}", mix=False)])

add("trec",
    zs=["You are routing questions to a search engine that needs to know what kind of answer to look "
        "for. What kind does this one need?\n\n{text}\n\n{options_}",
        "{options_}\n\nWhich of these is the answer type of \"{text}\"?",
        "Imagine answering this question: {text}\nWhat would your answer be, in category terms?\n\n{options_}"],
    zsno=["{text}\n\nWhat type of thing is this question asking about?",
          "Question: {text}\n\nIs its answer a description, an entity, an abbreviation, a person, a number "
          "or a location?",
          "What kind of answer does \"{text}\" expect?",
          "Classify this question by what it asks for (description, entity, abbreviation, human, numeric, "
          "location): {text}",
          "You are routing questions to a search engine that needs to know what kind of answer to look "
          "for. What kind does this one need?\n\n{text}",
          ("Write a question whose answer is of type {answer_text}.", "{text}")],
    fs=[FS("Q: {text}\nWhat does it ask for?\n{options_}", tp="Type: ", xy="\n", sep="\n\n"),
        FS("Answer type: {answer}\nWrite a question.", "{text}", xy="\n", mix=False)])

add("imdb_reviews",
    zs=["You are a studio assistant sorting audience reactions to a new release. Is this one a thumbs up "
        "or a thumbs down?\n\n{text}\n\n{options_}",
        "{options_}\n\nWhich of these best describes the review below?\n\n{text}"],
    zsno=["{text}\n\nDid the reviewer like the movie?",
          "Movie review:\n{text}\n\nIs this review positive or negative?",
          "What is the sentiment of this review? {text}",
          "You are a studio assistant sorting audience reactions to a new release. Is this one a thumbs up "
          "or a thumbs down?\n\n{text}",
          "Here is what a viewer wrote:\n\"{text}\"\n\nWould they recommend the film?",
          ("Write a {answer_text} review of a movie.", "{text}")])

add("sentiment140",
    zs=["You are monitoring social media reactions for a brand. Label this post.\n\n{text}\n\n{options_}",
        "{options_}\n\nWhich sentiment label fits this tweet? \"{text}\""],
    zsno=["{text}\n\nHow does the author of this tweet feel?",
          "Tweet: {text}\n\nIs the tweet positive or negative?",
          "What is the mood of this message: \"{text}\"",
          "You are monitoring social media reactions for a brand. Is this post positive or negative?\n\n"
          "{text}",
          ("Write a {answer_text} tweet.", "{text}")])

add("yelp_polarity_reviews",
    zs=["You are a manager reading customer feedback. Is this review good news or bad news for the "
        "business?\n\n{text}\n\n{options_}",
        "{options_}\n\nChoose the sentiment of this review: {text}"],
    zsno=["{text}\n\nWas this customer happy?",
          "Yelp review: {text}\n\nIs the review positive or negative?",
          "How did the customer who wrote this feel about the business? {text}",
          "You are a manager reading customer feedback. Is this review good news or bad news for the "
          "business?\n\n{text}",
          ("Write a {answer_text} review of a local business.", "{text}")])

from .tpl import S, FS

# ---------------------------------------------------------------- ag_news_subset
S("ag_news_subset", "AG News: topic of a news article", "title, text, options_, answer",
  zs=[
    "{title}\n\n{text}\n\nWhat is this article about?\n\n{options_}",
    "Headline: {title}\nSummary: {text}\n\nWhich section of a newspaper would this go in?\n{options_}",
    "Classify the topic of this news item.\n\n{title}. {text}\n\n{options_}",
    "{text}\n\nChoose the best topic for the text above.\n{options_}",
    "News: \"{title}\"\n{text}\n\nTopic?\n\n{options_}",
    "Is this story about world affairs, sports, business or science and technology?\n\n{title} -- {text}\n\n{options_}",
    "Read the news brief and pick its category.\n{text}\n{options_}",
    ("Write a headline for this {answer} story.\n\n{text}", "{title}"),
    ("Write a short {answer} news item.", "{title}\n\n{text}"),
  ],
  zsno=[
    "{title}\n\n{text}\n\nWhat is this article about?",
    "Headline: {title}\nSummary: {text}\n\nWhich section of a newspaper would this go in?",
    "{text}\n\nWhat is the topic of this text?",
    "Is this story about world affairs, sports, business or science and technology?\n\n{title} -- {text}",
  ],
  fs=[
    FS("{title}\n{text}\n{options_}", tp="Topic: ", xy="\n"),
    FS("Article: {title}. {text}\n{options_}", xy="\n", sep="\n\n"),
    FS("{text} {options_}", tp="Category: ", xy=" ", sep="\n"),
    FS("Topic: {answer}\nWrite a headline and a one-sentence summary.", "{title}\n{text}", mix=False),
  ])

# ---------------------------------------------------------------- sentiment140
S("sentiment140", "Sentiment140: sentiment of a tweet", "text, options_, answer",
  zs=[
    "{text}\n\nHow does the author of this tweet feel?\n\n{options_}",
    "Tweet: {text}\n\nIs the sentiment of this tweet positive or negative?\n{options_}",
    "Decide the mood of the following tweet.\n\n\"{text}\"\n\n{options_}",
    "What is the sentiment of this message? {text}\n{options_}",
    "Read this post from social media:\n{text}\n\nWhich word describes its tone?\n\n{options_}",
    "Classify the tweet's sentiment.\n{text}\n{options_}",
    ("Write a {answer} tweet.", "{text}"),
    ("Compose a short social media post that sounds {answer}.", "{text}"),
  ],
  fs=[
    FS("{text}\n{options_}", tp="Sentiment: ", xy="\n"),
    FS("Tweet: {text}\n{options_}", xy="\n", sep="\n\n"),
    FS("\"{text}\" {options_}", tp="=> ", xy=" ", sep="\n"),
    FS("Write a tweet that is {answer}.", "{text}", mix=False),
  ])

# ---------------------------------------------------------------- imdb_reviews
S("imdb_reviews", "IMDB: sentiment of a movie review", "text, options_, answer",
  zs=[
    "{text}\n\nDid the reviewer like the movie?\n\n{options_}",
    "Movie review:\n{text}\n\nIs this review positive or negative?\n{options_}",
    "Read the review and tell me its sentiment.\n\n{text}\n\n{options_}",
    "{text}\n\nHow would you describe the sentiment of this review?\n{options_}",
    "Here is what a viewer wrote:\n\"{text}\"\n\nOverall opinion?\n\n{options_}",
    "Classify this film review.\n{text}\n{options_}",
    ("Write a {answer} review of a movie.", "{text}"),
    ("Write a film review. The overall opinion should be {answer}.", "{text}"),
  ],
  fs=[
    FS("{text}\n{options_}", tp="Sentiment: ", xy="\n"),
    FS("Review: {text}\n{options_}", xy="\n", sep="\n\n"),
    FS("{text}\n\nPositive or negative?\n\n{options_}"),
    FS("Write a {answer} movie review.", "{text}", mix=False),
  ])

# ---------------------------------------------------------------- yelp_polarity_reviews
S("yelp_polarity_reviews", "Yelp: sentiment of a business review", "text, options_, answer",
  zs=[
    "{text}\n\nWas this customer happy?\n\n{options_}",
    "Yelp review: {text}\n\nIs the review positive or negative?\n{options_}",
    "Decide the sentiment of the following review.\n\n{text}\n\n{options_}",
    "{text}\n\nHow did the writer feel about the place?\n{options_}",
    "A customer wrote: \"{text}\"\n\nTheir overall impression was\n\n{options_}",
    "Rate the tone of this business review.\n{text}\n{options_}",
    ("Write a {answer} review of a restaurant or shop.", "{text}"),
    ("Write a Yelp review with a {answer} tone.", "{text}"),
  ],
  fs=[
    FS("{text}\n{options_}", tp="Sentiment: ", xy="\n"),
    FS("Review: {text}\n{options_}", xy="\n", sep="\n\n"),
    FS("\"{text}\" {options_}", tp="=> ", xy=" ", sep="\n"),
    FS("Write a {answer} Yelp review.", "{text}", mix=False),
  ])

# ---------------------------------------------------------------- sst2
S("sst2", "SST-2: sentiment of a movie review sentence", "sentence, options_, answer",
  zs=[
    "{sentence}\n\nIs this sentence from a review positive or negative?\n\n{options_}",
    "Review snippet: \"{sentence}\"\n\nWhat is its sentiment?\n{options_}",
    "Decide whether the following movie review phrase is favourable.\n\n{sentence}\n\n{options_}",
    "{sentence}\n\nHow does the critic feel here?\n{options_}",
    "Classify: {sentence}\n{options_}",
    "A critic wrote \"{sentence}\". Did they like the film?\n\n{options_}",
    ("Write a {answer} sentence about a movie.", "{sentence}"),
  ],
  fs=[
    FS("{sentence}\n{options_}", tp="Sentiment: ", xy="\n"),
    FS("Review: {sentence}\n{options_}", xy="\n", sep="\n\n"),
    FS("\"{sentence}\" {options_}", tp="=> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- cola
S("cola", "CoLA: is the sentence grammatically acceptable?", "sentence, options_, answer",
  zs=[
    "{sentence}\n\nIs this sentence grammatically acceptable?\n\n{options_}",
    "Sentence: \"{sentence}\"\n\nWould a linguist judge this sentence well formed?\n{options_}",
    "Check the grammar of the following sentence.\n\n{sentence}\n\n{options_}",
    "Is \"{sentence}\" an acceptable English sentence?\n{options_}",
    "{sentence}\n\nHow would you rate the grammar of the sentence above?\n\n{options_}",
    "Grammaticality judgement: {sentence}\n{options_}",
    ("Write an English sentence that a linguist would judge {answer}.", "{sentence}"),
  ],
  fs=[
    FS("{sentence}\n{options_}", tp="Grammar: ", xy="\n"),
    FS("Sentence: {sentence}\nAcceptable?\n{options_}", xy="\n", sep="\n\n"),
    FS("\"{sentence}\" {options_}", tp="=> ", xy=" ", sep="\n"),
  ])

# ---------------------------------------------------------------- trec
S("trec", "TREC: what kind of answer does the question expect?", "text, options_, answer",
  zs=[
    "{text}\n\nWhat type of thing is this question asking about?\n\n{options_}",
    "Question: {text}\n\nWhat kind of answer would it have?\n{options_}",
    "Classify the question by the type of its answer.\n\n{text}\n\n{options_}",
    "Would the answer to \"{text}\" be a description, an entity, an abbreviation, a person, a number or a place?\n{options_}",
    "{text}\n\nThe expected answer is\n\n{options_}",
    "Here is a question: {text}\nWhich category does its answer fall into?\n{options_}",
    ("Write a question whose answer would be a(n) {answer}.", "{text}"),
  ],
  fs=[
    FS("{text}\n{options_}", tp="Answer type: ", xy="\n"),
    FS("Question: {text}\n{options_}", xy="\n", sep="\n\n"),
    FS("\"{text}\" {options_}", tp="=> ", xy=" ", sep="\n"),
  ])

# ================================================================ summarization
S("aeslc", "AESLC: write the subject line of an email", "body, subject",
  zs=[
    ("{body}\n\nWrite a subject line for this email.", "{subject}"),
    ("Email:\n{body}\n\nSubject:", "{subject}"),
    ("What would be a good subject for the following message?\n\n{body}", "{subject}"),
    ("Give this email a short title.\n{body}", "{subject}"),
    ("Here is the body of an email: {body}\n\nSuggest a subject line.", "{subject}"),
    ("{body}\n\nIn a few words, what is this email about?", "{subject}"),
    ("Write an email with the subject line \"{subject}\".", "{body}"),
  ],
  fs=[
    FS("{body}", "{subject}", tp="Subject: ", xy="\n"),
    FS("Email: {body}", "{subject}", tp="Subject line: ", xy="\n", sep="\n\n"),
    FS("{body}\n\nSubject?", "{subject}"),
    FS("Subject: {subject}\nWrite the email.", "{body}", mix=False),
  ])

S("cnn_dailymail", "CNN/Daily Mail: write the highlights of a news article", "text, highlights",
  zs=[
    ("{text}\n\nWrite the key points of this article.", "{highlights}"),
    ("Article: {text}\n\nHighlights:", "{highlights}"),
    ("Summarize the following news story in a few sentences.\n\n{text}", "{highlights}"),
    ("{text}\n\nWhat are the main takeaways?", "{highlights}"),
    ("Read the article and list its highlights.\n{text}", "{highlights}"),
    ("Give a brief summary of this report:\n\n{text}\n\nSummary:", "{highlights}"),
    ("Write a news article based on these highlights: {highlights}", "{text}"),
  ],
  fs=[
    FS("{text}", "{highlights}", tp="Highlights: ", xy="\n"),
    FS("Article: {text}", "{highlights}", tp="Summary: ", xy="\n\n", sep="\n\n"),
    FS("{text}\n\nKey points?", "{highlights}"),
    FS("Highlights: {highlights}\nWrite the article.", "{text}", mix=False),
  ])

S("gigaword", "Gigaword: headline for the first sentence of a news story", "text, summary",
  zs=[
    ("{text}\n\nWrite a headline for this.", "{summary}"),
    ("Sentence: {text}\n\nHeadline:", "{summary}"),
    ("Shorten this news sentence to a headline.\n\n{text}", "{summary}"),
    ("{text}\n\nSum this up in a few words.", "{summary}"),
    ("What headline would go with this lead? {text}", "{summary}"),
    ("Compress the following into a title: {text}", "{summary}"),
    ("Write the opening sentence of a news story with the headline \"{summary}\".", "{text}"),
  ],
  fs=[
    FS("{text}", "{summary}", tp="Headline: ", xy="\n"),
    FS("News: {text}", "{summary}", tp="Title: ", xy="\n", sep="\n\n"),
    FS("{text} =>", "{summary}", xy=" ", sep="\n"),
    FS("Headline: {summary}\nWrite the first sentence.", "{text}", mix=False),
  ])

S("multi_news", "Multi-News: summarize several articles", "text, summary",
  zs=[
    ("{text}\n\nWrite a summary of the articles above.", "{summary}"),
    ("Articles:\n{text}\n\nSummary:", "{summary}"),
    ("Combine the following news reports into one short summary.\n\n{text}", "{summary}"),
    ("{text}\n\nWhat is the story, in brief?", "{summary}"),
    ("Read these sources and write a digest.\n{text}", "{summary}"),
    ("Write a news article covering the following summary: {summary}", "{text}"),
  ],
  fs=[
    FS("{text}", "{summary}", tp="Summary: ", xy="\n"),
    FS("Sources: {text}", "{summary}", tp="Digest: ", xy="\n\n", sep="\n\n"),
    FS("{text}\n\nIn short?", "{summary}"),
  ])

S("newsroom", "Newsroom: summarize a news article", "title, text, summary",
  zs=[
    ("{text}\n\nWhat is a short summary of this article?", "{summary}"),
    ("Title: {title}\n\n{text}\n\nSummary:", "{summary}"),
    ("Summarize the article \"{title}\".\n\n{text}", "{summary}"),
    ("{text}\n\nDescribe the article in one or two sentences.", "{summary}"),
    ("Here is a news story:\n{text}\n\nWrite a teaser for it.", "{summary}"),
    ("{text}\n\nGive this article a title.", "{title}"),
    ("Write an article titled \"{title}\" that matches this summary: {summary}", "{text}"),
  ],
  fs=[
    FS("{text}", "{summary}", tp="Summary: ", xy="\n"),
    FS("{title}\n{text}", "{summary}", tp="In brief: ", xy="\n\n", sep="\n\n"),
    FS("{text}\n\nSummarize.", "{summary}"),
  ])

S("samsum", "SAMSum: summarize a chat conversation", "dialogue, summary",
  zs=[
    ("{dialogue}\n\nWhat were they talking about?", "{summary}"),
    ("Conversation:\n{dialogue}\n\nSummary:", "{summary}"),
    ("Summarize this chat in a sentence or two.\n\n{dialogue}", "{summary}"),
    ("{dialogue}\n\nBriefly, what happened in this conversation?", "{summary}"),
    ("Here is a messenger exchange:\n{dialogue}\n\nWrite a short summary of it.", "{summary}"),
    ("Write a short chat conversation that fits this summary: {summary}", "{dialogue}"),
  ],
  fs=[
    FS("{dialogue}", "{summary}", tp="Summary: ", xy="\n\n"),
    FS("Chat:\n{dialogue}", "{summary}", tp="Gist: ", xy="\n", sep="\n\n"),
    FS("{dialogue}\n\nWhat happened?", "{summary}"),
  ])

S("xsum", "XSum: one-sentence summary of a BBC article", "text, summary",
  zs=[
    ("{text}\n\nSummarize this article in one sentence.", "{summary}"),
    ("Article: {text}\n\nOne-line summary:", "{summary}"),
    ("Write a single sentence that captures the main point of the following.\n\n{text}", "{summary}"),
    ("{text}\n\nWhat is the article about, in one sentence?", "{summary}"),
    ("Read the report and give its gist in a sentence.\n{text}", "{summary}"),
    ("Write an article that could be summarized as: {summary}", "{text}"),
  ],
  fs=[
    FS("{text}", "{summary}", tp="Summary: ", xy="\n"),
    FS("Article: {text}", "{summary}", tp="In one sentence: ", xy="\n\n", sep="\n\n"),
    FS("{text}\n\nTL;DR?", "{summary}"),
  ])

S("wiki_lingua_english_en", "WikiLingua: summarize a how-to article", "source, target",
  zs=[
    ("{source}\n\nSummarize the steps above.", "{target}"),
    ("How-to text: {source}\n\nSummary:", "{target}"),
    ("Write a short summary of these instructions.\n\n{source}", "{target}"),
    ("{source}\n\nWhat are the main steps, briefly?", "{target}"),
    ("Here is part of a how-to guide:\n{source}\n\nCondense it into a few sentences.", "{target}"),
    ("Expand this summary into detailed how-to instructions: {target}", "{source}"),
  ],
  fs=[
    FS("{source}", "{target}", tp="Summary: ", xy="\n"),
    FS("Guide: {source}", "{target}", tp="Steps in brief: ", xy="\n\n", sep="\n\n"),
    FS("{source}\n\nIn short?", "{target}"),
  ])

S("opinion_abstracts_rotten_tomatoes", "Rotten Tomatoes: write the critics' consensus from reviews",
  "movie, numbered_reviews, first_review, critic_consensus",
  zs=[
    ("Reviews of {movie}:\n{numbered_reviews}\n\nWrite a one-sentence critics' consensus.", "{critic_consensus}"),
    ("{numbered_reviews}\n\nSummarize what these critics think of {movie}.", "{critic_consensus}"),
    ("Movie: {movie}\nCritic reviews:\n{numbered_reviews}\n\nConsensus:", "{critic_consensus}"),
    ("Here is what reviewers said about {movie}.\n{numbered_reviews}\n\nWhat is the overall verdict?", "{critic_consensus}"),
    ("Condense these reviews into a single summary sentence.\n\n{numbered_reviews}", "{critic_consensus}"),
    ("The critics' consensus on {movie} was: \"{critic_consensus}\"\n\nWrite a review that agrees with it.", "{first_review}"),
  ],
  fs=[
    FS("{movie}\n{numbered_reviews}", "{critic_consensus}", tp="Consensus: ", xy="\n"),
    FS("Reviews:\n{numbered_reviews}", "{critic_consensus}", tp="Summary: ", xy="\n\n", sep="\n\n"),
    FS("Movie: {movie}\n\n{numbered_reviews}\n\nVerdict?", "{critic_consensus}"),
  ])

S("opinion_abstracts_idebate", "idebate: state the claim an argument supports", "debate_name, argument_sentences, claim",
  zs=[
    ("Debate: {debate_name}\n\nArgument:\n{argument_sentences}\n\nWhat claim does this argument support?", "{claim}"),
    ("{argument_sentences}\n\nSum up the point being argued in one sentence.", "{claim}"),
    ("Topic: {debate_name}\n{argument_sentences}\n\nClaim:", "{claim}"),
    ("Read the argument below from a debate about \"{debate_name}\" and state its main claim.\n\n{argument_sentences}", "{claim}"),
    ("Here are the sentences of an argument:\n{argument_sentences}\n\nWhat is the argument's thesis?", "{claim}"),
    ("In a debate on \"{debate_name}\", write an argument for this claim: {claim}", "{argument_sentences}"),
  ],
  fs=[
    FS("{debate_name}\n{argument_sentences}", "{claim}", tp="Claim: ", xy="\n"),
    FS("Argument:\n{argument_sentences}", "{claim}", tp="Thesis: ", xy="\n\n", sep="\n\n"),
    FS("Debate: {debate_name}\n\n{argument_sentences}\n\nMain point?", "{claim}"),
  ])

# ================================================================ data to text
S("common_gen", "CommonGen: write a sentence using all the given concepts", "concepts, concepts_newline, target",
  zs=[
    ("Write a sentence that uses all of these words: {concepts}", "{target}"),
    ("Concepts: {concepts}\n\nSentence:", "{target}"),
    ("Make an everyday sentence out of the following words.\n\n{concepts_newline}", "{target}"),
    ("{concepts}\n\nCombine these words into one natural sentence.", "{target}"),
    ("Use each of the words below in a single sentence about an ordinary scene.\n{concepts_newline}", "{target}"),
    ("Describe a scene containing: {concepts}", "{target}"),
    ("{target}\n\nList the key words of this sentence.", "{concepts}"),
  ],
  fs=[
    FS("Words: {concepts}", "{target}", tp="Sentence: ", xy="\n"),
    FS("{concepts_newline}", "{target}", tp="Scene: ", xy="\n\n", sep="\n\n"),
    FS("{concepts} =>", "{target}", xy=" ", sep="\n"),
    FS("Sentence: {target}\nWhat are its key concepts?", "{concepts}", mix=False),
  ])

S("dart", "DART: describe a set of triples in a sentence", "tripleset, tripleset_newline, target",
  zs=[
    ("Triples: {tripleset}\n\nWrite a sentence that expresses all of these facts.", "{target}"),
    ("{tripleset_newline}\n\nTurn the data above into a sentence.", "{target}"),
    ("Describe this data in plain English: {tripleset}", "{target}"),
    ("Facts:\n{tripleset_newline}\n\nDescription:", "{target}"),
    ("Write one sentence about the following records.\n\n{tripleset}", "{target}"),
    ("{target}\n\nExtract the facts in this sentence as subject, relation, object triples.", "{tripleset}"),
  ],
  fs=[
    FS("Data: {tripleset}", "{target}", tp="Text: ", xy="\n"),
    FS("{tripleset_newline}", "{target}", tp="Sentence: ", xy="\n\n", sep="\n\n"),
    FS("{tripleset} ->", "{target}", xy=" ", sep="\n"),
  ])

S("e2e_nlg", "E2E: describe a restaurant from its attributes", "meaning_representation, target",
  zs=[
    ("Attributes: {meaning_representation}\n\nWrite a sentence about this restaurant.", "{target}"),
    ("{meaning_representation}\n\nDescribe the restaurant above in natural language.", "{target}"),
    ("Write a short restaurant description using all of this information: {meaning_representation}", "{target}"),
    ("Data: {meaning_representation}\nDescription:", "{target}"),
    ("Turn these key-value pairs into a sentence.\n\n{meaning_representation}", "{target}"),
    ("{target}\n\nList the restaurant's attributes mentioned in this sentence.", "{meaning_representation}"),
  ],
  fs=[
    FS("{meaning_representation}", "{target}", tp="Description: ", xy="\n"),
    FS("Restaurant data: {meaning_representation}", "{target}", tp="Text: ", xy="\n\n", sep="\n\n"),
    FS("{meaning_representation} ->", "{target}", xy=" ", sep="\n"),
  ])

S("web_nlg_en", "WebNLG: verbalize knowledge-graph triples", "input_string, target",
  zs=[
    ("Facts: {input_string}\n\nWrite a text that states these facts.", "{target}"),
    ("{input_string}\n\nDescribe the facts above in a sentence or two.", "{target}"),
    ("Turn this data into fluent English: {input_string}", "{target}"),
    ("Data:\n{input_string}\n\nText:", "{target}"),
    ("Write a short passage using all of the following information.\n\n{input_string}", "{target}"),
    ("{target}\n\nWhat facts does this text state? Write them as triples.", "{input_string}"),
  ],
  fs=[
    FS("{input_string}", "{target}", tp="Text: ", xy="\n"),
    FS("Facts: {input_string}", "{target}", tp="Sentence: ", xy="\n\n", sep="\n\n"),
    FS("{input_string} ->", "{target}", xy=" ", sep="\n"),
  ])

# ================================================================ translation
def _translation(name, about):
    S(name, about, "lang1, lang2, sent1, sent2",
      zs=[
        ("{sent1}\n\nTranslate this into {lang2}.", "{sent2}"),
        ("Translate from {lang1} to {lang2}:\n\n{sent1}", "{sent2}"),
        ("{sent2}\n\nPlease render this in {lang1}.", "{sent1}"),
        ("How would you say this in {lang1}? {sent2}", "{sent1}"),
        ("{lang1}: {sent1}\n{lang2}:", "{sent2}"),
        ("Give the {lang2} version of the following sentence.\n{sent1}", "{sent2}"),
        ("Here is a sentence in {lang2}: \"{sent2}\"\n\nWhat does it mean in {lang1}?", "{sent1}"),
        ("What is \"{sent1}\" in {lang2}?", "{sent2}"),
        ("Write a sentence in {lang2}.", "{sent2}"),
        ("{sent2}\n\nWhat language is this text written in?", "{lang2}"),
      ],
      fs=[
        FS("{sent1}", "{sent2}", ip="{lang1}: ", tp="{lang2}: ", xy="\n", sep="\n\n"),
        FS("{sent2}", "{sent1}", ip="{lang2}: ", tp="{lang1}: ", xy="\n", sep="\n\n"),
        FS("Translate to {lang2}: {sent1}", "{sent2}", xy="\n"),
        FS("{sent2}\n\nIn {lang1}:", "{sent1}"),
        FS("{sent2}\nLanguage?", "{lang2}", xy="\n", mix=False),
      ])

_translation("para_crawl", "ParaCrawl: translate between English and another language")
_translation("wmt14_enfr", "WMT14: translate between English and French")
_translation("wmt16_translate", "WMT16: translate between English and another language")

# ================================================================ text repair
S("true_case", "restore the capitalization of a lower-cased sentence", "lower, answer",
  zs=[
    "{lower}\n\nRewrite this sentence with correct capitalization.",
    "Fix the upper and lower case letters: {lower}",
    "Capitalize the following properly.\n\n{lower}",
    "{lower}\n\nThe text above is all lower case. Write it with normal capitalization.",
    "Please restore the capital letters in this sentence: {lower}",
    "Lower case: {lower}\nProper case:",
    ("{answer}\n\nWrite this sentence in all lower case.", "{lower}"),
  ],
  fs=[
    FS("{lower}", tp="Capitalized: ", xy="\n"),
    FS("Fix case: {lower}", xy="\n", sep="\n\n"),
    FS("{lower} =>", xy=" ", sep="\n"),
  ])

S("fix_punct", "restore the punctuation of a sentence", "no_punct, answer",
  zs=[
    "{no_punct}\n\nAdd the missing punctuation to this text.",
    "Punctuate the following: {no_punct}",
    "This sentence has lost its punctuation marks. Put them back.\n\n{no_punct}",
    "{no_punct}\n\nWrite the text above with correct punctuation.",
    "Without punctuation: {no_punct}\nWith punctuation:",
    "Please fix the punctuation in: {no_punct}",
    ("{answer}\n\nRemove all punctuation from this sentence.", "{no_punct}"),
  ],
  fs=[
    FS("{no_punct}", tp="Punctuated: ", xy="\n"),
    FS("Add punctuation: {no_punct}", xy="\n", sep="\n\n"),
    FS("{no_punct} =>", xy=" ", sep="\n"),
  ])

S("word_segment", "insert the spaces into text written without spaces", "no_space, answer",
  zs=[
    "{no_space}\n\nAdd spaces between the words.",
    "Split this into separate words: {no_space}",
    "The spaces were removed from the sentence below. Put them back.\n\n{no_space}",
    "{no_space}\n\nWrite the text above with proper word spacing.",
    "No spaces: {no_space}\nWith spaces:",
    "Please segment the following string into words: {no_space}",
    ("{answer}\n\nWrite this sentence with all the spaces removed.", "{no_space}"),
  ],
  fs=[
    FS("{no_space}", tp="Segmented: ", xy="\n"),
    FS("Insert spaces: {no_space}", xy="\n", sep="\n\n"),
    FS("{no_space} =>", xy=" ", sep="\n"),
  ])

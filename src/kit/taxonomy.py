"""The label sets a learner chooses from, each with a short definition in plain language.

Label *ids* are facts taken from published schemes and are kept verbatim, so that a key
written for this kit can be compared with the research literature without a mapping table:

- genres, frames and persuasion techniques: SemEval-2023 Task 3,
  https://propaganda.math.unipd.it/semeval2023task3/ (Piskorski et al. 2023,
  https://aclanthology.org/2023.semeval-1.317); the technique groups follow the task's
  annotation guidelines (JRC132862);
- check-worthiness triage: ClaimBuster (Arslan et al. 2020, arXiv 2004.14425);
- claim types: Full Fact's typology (Konstantinovskiy et al. 2021, doi 10.1145/3412869).

The definitions and examples are the kit's own, written for upper-secondary students; no
SemEval guideline text or data is shipped. Examples come deliberately from school, sport,
local politics and advertising, so that practising on them never gives away an answer in
the case study itself.

Verdicts and attributions are the kit's own schemes for the source-checking exercise.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    """One choosable label; frozen so a notebook cannot quietly rewrite the answer scheme."""

    id: str
    name: str
    definition: str
    example: str = ""
    group: str | None = None


def _by_id(*labels: Label) -> dict[str, Label]:
    """Key labels by id, refusing duplicates so a copy-paste slip cannot hide a label."""
    table: dict[str, Label] = {}
    for label in labels:
        if label.id in table:
            raise ValueError(f"duplicate label id {label.id!r}")
        table[label.id] = label
    return table


GENRES: dict[str, Label] = _by_id(
    Label(
        "reporting",
        "Reporting",
        "Tells readers what happened, keeping the writer's own views in the background.",
    ),
    Label(
        "opinion",
        "Opinion",
        "Argues for a point of view: the writer's judgement is the point of the piece.",
    ),
    Label(
        "satire",
        "Satire",
        "Imitates news in order to mock its targets; it is not meant to be taken literally.",
    ),
)

FRAMES: dict[str, Label] = _by_id(
    Label("Economic", "Economic", "Puts money first: costs, prices, jobs, profits and losses."),
    Label(
        "Capacity_and_resources",
        "Capacity and resources",
        "Asks whether there is enough of something: people, equipment, time, space or supplies.",
    ),
    Label("Morality", "Morality", "Judges the issue as a question of right and wrong."),
    Label(
        "Fairness_and_equality",
        "Fairness and equality",
        "Asks whether people or groups are treated equally and get what they are due.",
    ),
    Label(
        "Legality_Constitutionality_and_jurisprudence",
        "Legality, constitutionality and jurisprudence",
        "Treats the issue as a matter of law: what is allowed, people's rights, court cases.",
    ),
    Label(
        "Policy_prescription_and_evaluation",
        "Policy prescription and evaluation",
        "Focuses on what should be done about a problem, and on whether a measure works.",
    ),
    Label(
        "Crime_and_punishment",
        "Crime and punishment",
        "Focuses on who broke the rules and what penalty they deserve or will receive.",
    ),
    Label(
        "Security_and_defense",
        "Security and defense",
        "Focuses on threats and protection against them, including armed forces and war.",
    ),
    Label(
        "Health_and_safety",
        "Health and safety",
        "Focuses on harm to people's bodies and lives: illness, injuries, deaths, risks.",
    ),
    Label(
        "Quality_of_life",
        "Quality of life",
        "Shows how the issue changes ordinary people's daily lives and well-being.",
    ),
    Label(
        "Cultural_identity",
        "Cultural identity",
        "Connects the issue to a group's traditions, customs, language or sense of who they are.",
    ),
    Label(
        "Public_opinion",
        "Public opinion",
        "Focuses on what the public thinks or feels: polls, protests, the popular mood.",
    ),
    Label(
        "Political",
        "Political",
        "Treats the issue as a contest for power between politicians, parties or factions.",
    ),
    Label(
        "External_regulation_and_reputation",
        "External regulation and reputation",
        "Focuses on relations with other countries and on how a country is seen abroad.",
    ),
)

TELLING: dict[str, Label] = _by_id(
    Label(
        "episodic",
        "Episodic",
        "Told through one event or a few people, up close: what happened and who did it.",
    ),
    Label(
        "thematic",
        "Thematic",
        "Told through the wider picture: trends, causes, context and policy.",
    ),
    Label(
        "mixed",
        "A mix",
        "Reports events up close, and also offers a wider story of why they happen.",
    ),
)
"""How a text tells its story (Iyengar's episodic and thematic framing), for exercise 04."""

TECHNIQUE_GROUPS: dict[str, Label] = _by_id(
    Label(
        "Attack on Reputation",
        "Attack on Reputation",
        "Goes after the person or group making an argument rather than the argument itself.",
    ),
    Label(
        "Justification",
        "Justification",
        "Backs a claim with feelings, values or famous supporters instead of real reasons.",
    ),
    Label(
        "Simplification",
        "Simplification",
        "Makes a complicated situation look simpler than it is, about causes, choices or effects.",
    ),
    Label(
        "Distraction",
        "Distraction",
        "Steers attention away from the real point, often towards something easier to attack.",
    ),
    Label(
        "Call",
        "Call",
        "Pushes the audience to agree or act without giving them room to think it over.",
    ),
    Label(
        "Manipulative Wording",
        "Manipulative Wording",
        "Persuades through the choice of words themselves: their emotion, vagueness or volume.",
    ),
)


def _technique(id_: str, name: str, group: str, definition: str, example: str) -> Label:
    """Build a technique label, failing at import time if its group is misspelt."""
    if group not in TECHNIQUE_GROUPS:
        raise ValueError(f"technique {id_!r} names unknown group {group!r}")
    return Label(id_, name, definition, example, group)


_ATTACK, _JUSTIFY, _SIMPLIFY = "Attack on Reputation", "Justification", "Simplification"
_DISTRACT, _CALL, _WORDING = "Distraction", "Call", "Manipulative Wording"

TECHNIQUES: dict[str, Label] = _by_id(
    _technique(
        "Name_Calling-Labeling",
        "Name calling or labelling",
        _ATTACK,
        "Sticks an insulting or loaded label on a person or group so the label does the arguing.",
        "Don't listen to the bike-lane fanatics on the council.",
    ),
    _technique(
        "Guilt_by_Association",
        "Guilt by association",
        _ATTACK,
        "Makes a target look bad by linking it to a person, group or idea the audience dislikes.",
        "The head teacher's phone ban comes straight out of a dictator's playbook.",
    ),
    _technique(
        "Doubt",
        "Casting doubt",
        _ATTACK,
        "Raises suspicion that a person or organisation is not competent or not to be trusted.",
        "Does the new mayor even understand how a town budget works?",
    ),
    _technique(
        "Appeal_to_Hypocrisy",
        "Appeal to hypocrisy",
        _ATTACK,
        "Attacks someone for not living by their own words instead of answering their point.",
        "The councillor wants us all to cycle, yet she drives to every meeting.",
    ),
    _technique(
        "Questioning_the_Reputation",
        "Questioning the reputation",
        _ATTACK,
        "Runs down someone's character or past so that anything they say seems worthless.",
        "Before you back her school-meals plan, remember she was caught cheating at quiz night.",
    ),
    _technique(
        "Flag_Waving",
        "Flag waving",
        _JUSTIFY,
        "Appeals to pride in a nation, town, team or other group to justify an idea.",
        "True supporters of this town will vote yes on the new stadium.",
    ),
    _technique(
        "Appeal_to_Authority",
        "Appeal to authority",
        _JUSTIFY,
        "Says a claim is true mainly because an expert, celebrity or official backs it.",
        "A famous striker drinks this shake every morning, so it must be good for you.",
    ),
    _technique(
        "Appeal_to_Popularity",
        "Appeal to popularity",
        _JUSTIFY,
        "Says something is right because many people accept it, or wrong because few do.",
        "Everyone in your class already has this phone, so don't be the one left out.",
    ),
    _technique(
        "Appeal_to_Values",
        "Appeal to values",
        _JUSTIFY,
        "Presents a cherished value, such as freedom or tradition, as if it settled the question.",
        "Our school has always stood for tradition, so the old timetable must stay.",
    ),
    _technique(
        "Appeal_to_Fear-Prejudice",
        "Appeal to fear or prejudice",
        _JUSTIFY,
        "Wins support by stirring up fear of a danger, or prejudice against a group.",
        "If the youth centre opens, gangs from other towns will flood our streets.",
    ),
    _technique(
        "Causal_Oversimplification",
        "Causal oversimplification",
        _SIMPLIFY,
        "Blames a single cause or scapegoat for something that has many causes.",
        "We lost the whole season because of one new goalkeeper.",
    ),
    _technique(
        "False_Dilemma-No_Choice",
        "False dilemma or no choice",
        _SIMPLIFY,
        "Offers only two options, or just one, when more are really available.",
        "Either we close the library or every family pays higher taxes.",
    ),
    _technique(
        "Consequential_Oversimplification",
        "Consequential oversimplification",
        _SIMPLIFY,
        "Claims one step will inevitably set off a chain of further results, usually bad ones.",
        "Allow phones at lunch, and soon they will be used in exams and nobody will learn.",
    ),
    _technique(
        "Straw_Man",
        "Straw man",
        _DISTRACT,
        "Swaps the opponent's real view for a weaker, twisted version and attacks that instead.",
        "Students asking for a later start just want to sleep all day and never work.",
    ),
    _technique(
        "Red_Herring",
        "Red herring",
        _DISTRACT,
        "Pulls attention away from the issue by bringing in something unrelated.",
        "Why complain about the broken heating when we won the chess cup last year?",
    ),
    _technique(
        "Whataboutism",
        "Whataboutism",
        _DISTRACT,
        "Answers criticism by pointing at the critic's own faults instead of responding to it.",
        "You say our club broke the rules? What about your club's scandal five years ago?",
    ),
    _technique(
        "Slogans",
        "Slogans",
        _CALL,
        "Uses a short, catchy phrase in place of an argument.",
        "Build it now, build it big!",
    ),
    _technique(
        "Conversation_Killer",
        "Conversation killer",
        _CALL,
        "Uses a stock phrase meant to end the discussion and discourage further thought.",
        "Rules are rules, end of story.",
    ),
    _technique(
        "Appeal_to_Time",
        "Appeal to time",
        _CALL,
        "Urges action by claiming the moment has come and there is no time to lose.",
        "Sign up today, because tomorrow will be too late to join the team.",
    ),
    _technique(
        "Loaded_Language",
        "Loaded language",
        _WORDING,
        "Uses emotionally charged words to provoke a reaction instead of describing neutrally.",
        "The council's heartless budget butchers our beloved parks.",
    ),
    _technique(
        "Obfuscation-Vagueness-Confusion",
        "Obfuscation, vagueness or confusion",
        _WORDING,
        "Uses deliberately unclear wording so readers can take whatever meaning they like.",
        "The new policy will deliver outcomes going forward across a range of key areas.",
    ),
    _technique(
        "Exaggeration-Minimisation",
        "Exaggeration or minimisation",
        _WORDING,
        "Makes something seem much bigger or much smaller than it really is.",
        "The new canteen menu is the worst disaster in the history of this school.",
    ),
    _technique(
        "Repetition",
        "Repetition",
        _WORDING,
        "Repeats the same word or message again and again so that it sticks.",
        "Vote Sam. Sam listens. Sam delivers. Vote Sam.",
    ),
)

TRIAGE: dict[str, Label] = _by_id(
    Label(
        "NFS",
        "Non-factual sentence",
        "An opinion, belief, question or similar: nothing in it can be checked against facts.",
    ),
    Label(
        "UFS",
        "Unimportant factual sentence",
        "States a fact, but one the public would gain little from having checked.",
    ),
    Label(
        "CFS",
        "Check-worthy factual sentence",
        "States a fact that matters enough that the public would want it checked.",
    ),
)

CLAIM_TYPES: dict[str, Label] = _by_id(
    Label(
        "personal_experience",
        "Personal experience",
        "A claim about something the speaker says they saw, did or felt themselves.",
    ),
    Label(
        "quantity",
        "Quantity in the past or present",
        "A claim about an amount, number, size or rate, now or in the past.",
    ),
    Label(
        "correlation_causation",
        "Correlation or causation",
        "A claim that one thing goes together with, causes or prevents another.",
    ),
    Label(
        "laws_rules",
        "Current laws or rules of operation",
        "A claim about what a law or official rule says now, or how something is run.",
    ),
    Label("prediction", "Prediction", "A claim about what will happen in the future."),
    Label("other", "Other type of claim", "A checkable claim that fits none of the other types."),
    Label(
        "not_a_claim",
        "Not a claim",
        "Nothing here can be checked: a question, an opinion, an instruction or similar.",
    ),
)
SPAN_CLAIM_TYPES: dict[str, Label] = {k: v for k, v in CLAIM_TYPES.items() if k != "not_a_claim"}
"""The types a highlighted claim can have: a learner who thinks a stretch is not a claim
leaves it unhighlighted, so the highlighter does not offer "not a claim"."""

VERDICTS: dict[str, Label] = _by_id(
    Label("supported", "supported", "Reliable, independent sources back the claim as stated."),
    Label(
        "partly_supported",
        "partly supported",
        "Part of the claim holds up, but something important is missing, exaggerated or wrong.",
    ),
    Label("contradicted", "contradicted", "Reliable sources show that the claim is false."),
    Label(
        "unverified",
        "unverified",
        "The claim could be checked, but the sources available so far do not settle it.",
    ),
    Label(
        "not_checkable",
        "not checkable",
        "No evidence could settle the claim, for example because it is an opinion.",
    ),
)

ATTRIBUTIONS: dict[str, Label] = _by_id(
    Label(
        "named",
        "Named source",
        "The text says exactly who stands behind the claim: a person, organisation or document.",
    ),
    Label(
        "vague",
        "Vague source",
        "The text points to a source without naming it, as in 'officials say' or 'reports claim'.",
    ),
    Label("none", "No source", "The text gives no source for the claim at all."),
)


def group_of(technique: str) -> str:
    """Return a technique's coarse group, so that a near miss can earn partial credit."""
    try:
        label = TECHNIQUES[technique]
    except KeyError:
        raise KeyError(
            f"unknown technique id {technique!r}; ids are exact SemEval strings such as "
            "'Name_Calling-Labeling' (see kit.taxonomy.TECHNIQUES)"
        ) from None
    assert label.group is not None  # every technique is built by _technique with a group
    return label.group


def techniques_in(group: str) -> list[Label]:
    """List a group's techniques in teaching order, for the group-first picker."""
    if group not in TECHNIQUE_GROUPS:
        raise KeyError(f"unknown technique group {group!r}; choose one of {list(TECHNIQUE_GROUPS)}")
    return [label for label in TECHNIQUES.values() if label.group == group]

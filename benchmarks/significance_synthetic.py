"""Synthetic edits of real corpus versions, by class: which kinds of safe
(t_*) edit does the detector flag, and which kinds of material (M_*) edit
does it miss? A stress test of mechanisms, not a labelled set: each
transformation is applied twice to 6 versions per corpus, chosen among the
new sides of *tune-half* pairs only; a "miss" of an M_* edit may be an edit
that landed where no reader sees it (front matter, an HTML comment) and is
listed with the text it changed so that it can be checked.

    NOTICEGEN_SHARED=/work/shared .venv/bin/python benchmarks/significance_synthetic.py [CLASS ...] [-v]
"""
import collections
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import significance_data as d
from significance_eval import detector_flags, warm_up
try:
    d.corpus_root()
except d.CorpusNotFound as exc:
    sys.exit(f"significance_synthetic: {exc}")
warm_up()
R = random.Random(7)

def paragraphs(text):
    return [m for m in re.finditer(r"(?m)^(?!#|\s*[-*|]|\s*\d+\.|---|<)[^\n]{80,}$", text)]

def t_split_and(text):
    ms = [m for m in re.finditer(r"(\w{3,}), and (we|you|our|your|it|they|this) ", text)]
    if not ms: return None
    m = R.choice(ms); return text[:m.start()] + m.group(1) + ". " + m.group(2).capitalize() + " " + text[m.end():]
def t_merge(text):
    ms = [m for m in re.finditer(r"(\w{3,})\. (We|You|Our|Your|It|They|This) ", text)]
    if not ms: return None
    m = R.choice(ms); return text[:m.start()] + m.group(1) + ", and " + m.group(2).lower() + " " + text[m.end():]
def t_link_target(text):
    ms = list(re.finditer(r"\]\((https?://[^)\s]+)\)", text))
    if not ms: return None
    m = R.choice(ms); return text[:m.start(1)] + m.group(1).rstrip("/") + "/index.html" + text[m.end(1):]
def t_comment(text):
    ps = paragraphs(text)
    if not ps: return None
    m = R.choice(ps); return text[:m.end()] + " <!-- reviewed 2024-05-01, see ticket 123 -->" + text[m.end():]
def t_kramdown(text):
    ps = paragraphs(text)
    if not ps: return None
    m = R.choice(ps); return text[:m.end()] + "\n{: .note #p-12 }" + text[m.end():]
def t_bold(text):
    ms = list(re.finditer(r"(?<= )([a-z]{4,} [a-z]{4,} [a-z]{4,})(?= )", text))
    if not ms: return None
    m = R.choice(ms); return text[:m.start()] + "**" + m.group(1) + "**" + text[m.end():]
def t_contract(text):
    pairs = [("We will ", "We’ll "), ("we will ", "we’ll "), ("do not ", "don’t "), ("We are ", "We’re "), ("you are ", "you’re "), ("cannot", "can’t"), ("It is ", "It’s ")]
    R.shuffle(pairs)
    for a, b in pairs:
        for x, y in ((a, b), (b, a)):
            if x in text:
                i = R.choice([m.start() for m in re.finditer(re.escape(x), text)]); return text[:i] + y + text[i + len(x):]
    return None
def t_quotes(text):
    if "'" in text: return text.replace("'", "’")
    if "’" in text: return text.replace("’", "'")
    return None
def t_swap_items(text):
    lines = text.split("\n")
    idx = [i for i in range(len(lines) - 1) if re.match(r"^\s*[-*] \S", lines[i]) and re.match(r"^\s*[-*] \S", lines[i + 1]) and len(lines[i]) > 20]
    if not idx: return None
    i = R.choice(idx); lines[i], lines[i + 1] = lines[i + 1], lines[i]; return "\n".join(lines)
def t_heading_case(text):
    ms = list(re.finditer(r"(?m)^(#{2,4}) (.+)$", text))
    if not ms: return None
    m = R.choice(ms); h = m.group(2)
    new = h.title() if h != h.title() else h.capitalize()
    if new == h: return None
    return text[:m.start(2)] + new + text[m.end(2):]
def t_heading_word(text):
    ms = list(re.finditer(r"(?m)^(#{2,4}) (.+)$", text))
    if not ms: return None
    m = R.choice(ms); h = m.group(2)
    new = R.choice(["Our ", "About ", "More on "]) + h[0].lower() + h[1:]
    return text[:m.start(2)] + new + text[m.end(2):]
def t_synonym(text):
    pairs = [(" in order to ", " to "), (" utilize ", " use "), (" e-mail", " email"), (" email", " e-mail"), (" However, ", " But "), (" For example, ", " For instance, "), (" such as ", " like "), (" additional ", " more "), (" obtain ", " get "), (" assist ", " help "), (" regarding ", " about "), (" information about you", " your information"), (" in addition,", " also,"), (" Additionally, ", " Also, "), (" provide you with ", " give you "), (" commence", " start")]
    R.shuffle(pairs)
    for a, b in pairs:
        if a in text:
            i = R.choice([m.start() for m in re.finditer(re.escape(a), text)]); return text[:i] + b + text[i + len(a):]
    return None
def t_move_par(text):
    blocks = text.split("\n\n")
    cand = [i for i, b in enumerate(blocks) if len(b) > 120 and not b.lstrip().startswith(("#", "---", "|"))]
    if len(cand) < 3: return None
    i = R.choice(cand); b = blocks.pop(i)
    j = R.choice([k for k in range(1, len(blocks)) if abs(k - i) > 2] or [len(blocks)])
    blocks.insert(j, b); return "\n\n".join(blocks)
def t_typo_fix(text):
    ms = list(re.finditer(r"(?<= )([a-z]{7,})(?=[ ,.])", text))
    if not ms: return None
    m = R.choice(ms); w = m.group(1); k = R.randrange(2, len(w) - 2)
    return text[:m.start()] + w[:k] + w[k+1] + w[k] + w[k+2:] + text[m.end():]

def _swap_one(text, pairs):
    R.shuffle(pairs)
    for a, b in pairs:
        if a in text:
            i = R.choice([m.start() for m in re.finditer(re.escape(a), text)]); return text[:i] + b + text[i + len(a):]
    return None
def t_abbrev(text):
    return _swap_one(text, [("the United States", "the U.S."), ("the U.S.", "the United States"), ("the European Union", "the EU"), ("the EU", "the European Union"),
                            ("United Kingdom", "UK"), (" UK", " United Kingdom"), ("European Economic Area", "EEA"), ("for example", "e.g."), ("e.g.", "for example"), ("i.e.", "that is")])
def t_footnote(text):
    ps = paragraphs(text)
    if not ps: return None
    m = R.choice(ps); return text[:m.end()] + "[^1]" + text[m.end():]
def t_html_link(text):
    ms = list(re.finditer(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)", text))
    if not ms: return None
    m = R.choice(ms); return text[:m.start()] + f'<a href="{m.group(2)}">{m.group(1)}</a>' + text[m.end():]
def t_list_marker(text):
    if re.search(r"(?m)^\* ", text): return re.sub(r"(?m)^\* ", "- ", text)
    if re.search(r"(?m)^- ", text): return re.sub(r"(?m)^- ", "* ", text)
    return None
def t_lowercase_term(text):
    ms = list(re.finditer(r"(?<=[a-z,] )((?:Personal )?(?:Data|Information|Services|Service|Website|Account|User))\b", text))
    if not ms: return None
    m = R.choice(ms); return text[:m.start()] + m.group(1).lower() + text[m.end():]
def t_dash(text):
    return _swap_one(text, [(" — ", " - "), ("—", ", "), (" - ", " — "), (" – ", " — ")])
def t_move_sentence(text):
    secs = [m for m in re.finditer(r"(?m)^## .+$", text)]
    if len(secs) < 3: return None
    sents = list(re.finditer(r"(?<=[.!?] )([A-Z][^.!?\n]{60,200}[.!?])(?= )", text))
    if not sents: return None
    m = R.choice(sents); sent = m.group(1)
    rest = text[:m.start()] + text[m.end() + 1:]
    ps = paragraphs(rest)
    if not ps: return None
    p = R.choice(ps); return rest[:p.end()] + " " + sent + rest[p.end():]
def t_heading_rename(text):
    ms = list(re.finditer(r"(?m)^(#{2,4}) (.+)$", text))
    if not ms: return None
    m = R.choice(ms); h = m.group(2)
    pairs = [("Information", "Data"), ("information", "data"), ("Data", "Information"), ("data", "information"), ("How We", "How we"), ("Your", "Our Users'"), (" and ", " & "), (" & ", " and "), ("?", ""), ("Use", "Process")]
    for a, b in pairs:
        if a in h:
            return text[:m.start(2)] + h.replace(a, b, 1) + text[m.end(2):]
    return text[:m.start(2)] + h + ":" + text[m.end(2):]
def t_the(text):
    ms = list(re.finditer(r"(?<= )the (?=[a-z]{4,} )", text))
    if not ms: return None
    m = R.choice(ms); return text[:m.start()] + text[m.end():]
def t_paren(text):
    ms = list(re.finditer(r" \(([a-z][^()\n]{10,80})\)", text))
    if not ms: return None
    m = R.choice(ms); return text[:m.start()] + " — " + m.group(1) + " —" + text[m.end():]

def _sent(text):
    return list(re.finditer(r"(?<=[.!?] )([A-Z][^.!?\n]{60,200}[.!?])(?= )", text))
def M_not(text):
    return _swap_one(text, [(" we share ", " we do not share "), (" we do not ", " we "), (" will not ", " will "), (" we use ", " we do not use "), (" is not ", " is "), (" never ", " ")])
def M_number(text):
    ms = list(re.finditer(r"\b(\d{1,3}) (days|months|years|hours)\b", text))
    if not ms: return None
    m = R.choice(ms); return text[:m.start(1)] + str(int(m.group(1)) * 2 + 1) + text[m.end(1):]
def M_recipient(text):
    ms = list(re.finditer(r"(?i)(share|disclose)[^.\n]{0,80}? with ([a-z ]{3,40})", text))
    if not ms: return None
    m = R.choice(ms); return text[:m.end(2)] + " and Acme Analytics" + text[m.end(2):]
def M_only(text):
    return _swap_one(text, [(" only ", " "), (" always ", " "), (" generally ", " "), (" typically ", " ")])
def M_datakind(text):
    ms = list(re.finditer(r"(?i)(collect|receive)[^.\n]{0,60}?(information|data)\b", text))
    if not ms: return None
    m = R.choice(ms); return text[:m.end(2)] + " and your voiceprint" + text[m.end(2):]
def M_modal(text):
    return _swap_one(text, [(" may ", " will "), (" will ", " may "), (" can ", " cannot ")])
def M_sentence(text):
    ps = paragraphs(text)
    if not ps: return None
    p = R.choice(ps); return text[:p.end()] + " We also send this information to our advertising partners in Brazil." + text[p.end():]
def M_move_changed(text):
    sents = [m for m in _sent(text) if re.search(r"\b(we|We)\b", m.group(1))]
    if not sents: return None
    m = R.choice(sents); sent = m.group(1)
    changed = re.sub(r"\b(we|We) ", lambda x: x.group(1) + " do not ", sent, count=1)
    rest = text[:m.start()] + text[m.end() + 1:]
    ps = [p for p in paragraphs(rest) if abs(p.start() - m.start()) > 2000]
    if not ps: return None
    p = R.choice(ps); return rest[:p.end()] + " " + changed + rest[p.end():]
def M_purpose(text):
    ms = list(re.finditer(r"(?i)\bto (improve|provide|operate|personalize|protect) ([a-z ]{3,30})", text))
    if not ms: return None
    m = R.choice(ms); return text[:m.end()] + " and to train our machine learning models" + text[m.end():]

T = {f.__name__[2:] if f.__name__.startswith('t_') else f.__name__: f for f in (t_split_and, t_merge, t_link_target, t_comment, t_kramdown, t_bold, t_contract, t_quotes,
                                  t_swap_items, t_heading_case, t_heading_word, t_synonym, t_move_par, t_typo_fix, t_abbrev, t_footnote, t_html_link, t_list_marker, t_lowercase_term, t_dash, t_move_sentence, t_heading_rename, t_the, t_paren, M_not, M_number, M_recipient, M_only, M_datakind, M_modal, M_sentence, M_move_changed, M_purpose)}
which = [a for a in sys.argv[1:] if a != "-v"] or list(T)
stats = collections.Counter(); flagged = collections.defaultdict(list); missed = collections.defaultdict(list)
for corpus in d.CORPORA:
    numbers = sorted(d.version_files(corpus))
    # only versions that are the NEW side of a tune pair
    versions = [n for a, n in zip(numbers, numbers[1:]) if d.half_of(corpus, a, n) == "tune"]
    for n in R.sample(versions, min(6, len(versions))):
        text = d.prepared_text(corpus, n)[0]; path = d.version_files(corpus)[n]
        for name in which:
            for _ in range(2):
                new = T[name](text)
                if new is None or new == text: continue
                stats[name] += 1
                f = detector_flags(text, new, path, path)
                if not f and name.startswith("M_"):
                    import difflib
                    sm = difflib.SequenceMatcher(None, text, new, autojunk=False)
                    ops = [(text[i1:i2][:150], new[j1:j2][:150]) for t, i1, i2, j1, j2 in sm.get_opcodes() if t != "equal"]
                    missed[name].append((corpus[:8], n, ops[:3]))
                if f:
                    flagged[name].append((corpus[:8], n, {k: v[:2] for k, v in list(f.items())[:2]}))
for name in which:
    print(f"{name:<14} flagged {len(flagged[name])}/{stats[name]}")
    if name.startswith("M_"):
        missed[name] and print("   missed:", missed[name][:4])
if "-v" in sys.argv or len(which) == 1:
    for name in which:
        for x in flagged[name][:8]: print("  ", name, str(x)[:300])

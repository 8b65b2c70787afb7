"""`noticegen import`: an existing notice, kept as one document, into notices/.

Markdown, or HTML as saved from a website (converted with markdownify). One
section per top-level heading (`##`, or `#` when the document uses `#` for
sections), or per bold paragraph heading (`**Title:**` alone on a line, as
the 2013 CompuCom statement uses). Site-specific details are offered as
variables: email addresses, phone numbers and a postal address become
`{{ contact_email }}`, `{{ contact_phone }}` and `{{ postal_address }}`.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import NoticegenError
from .notice import NOTICE_FILE, PREAMBLE_FILE, _slug
from .sites import SITES_FILE
from .sourcefile import split_front_matter
from .variables import EMAIL_ADDRESS

PHONE = re.compile(r"(?<![\w-])(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])")
CITY_LINE = re.compile(r"^.*\b[A-Z][a-zA-Z .]+,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\s*$")
MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"), 1)}
DATE_WORDS = re.compile(r"(?:effective|last updated|updated|last modified|as of)[^\n]{0,40}?"
                        r"(\d{4}-\d{2}-\d{2}|[A-Z][a-z]+ \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})", re.I)


class ImportError_(NoticegenError):
    pass


class _Dumper(yaml.SafeDumper):
    """Multi-line values as literal blocks, as an author would write them."""


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


@dataclass
class Imported:
    title: str
    preamble: str
    sections: list[tuple[str, str, str]]  # (id, title, body)
    variables: dict[str, str] = field(default_factory=dict)
    effective: dt.date | None = None
    dropped_links: list[str] = field(default_factory=list)  # anchors of the old page, now plain text


def read_document(path: Path) -> tuple[str, dict]:
    """Markdown text and front matter of a notice file (HTML converted)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() in (".html", ".htm") or raw.lstrip().lower().startswith(("<!doctype", "<html")):
        from markdownify import markdownify

        body = re.sub(r"(?is)<(script|style|nav|header|footer|noscript)\b.*?</\1>", "", raw)
        return markdownify(body, heading_style="ATX", bullets="-"), {}
    split = split_front_matter(raw.replace("\r\n", "\n"))
    meta = yaml.safe_load(split.front_matter) if split.front_matter else {}
    return split.body, meta if isinstance(meta, dict) else {}


def clean(markdown: str, domain: str = "www.example.com") -> str:
    """Remove what web archives, page templates and site generators leave
    behind, and turn the HTML that Markdown files often carry into Markdown."""
    text = re.sub(r"(?s)<!--.*?-->", "", markdown)
    text = re.sub(r"(?s)\{%.*?%\}|\{\{.*?\}\}", "", text)  # another site's template tags
    text = re.sub(r"(?is)<(figure|script|style|picture|video|svg)\b.*?</\1>", "", text)
    text = re.sub(r"(?is)<img\b[^>]*>", "", text)
    text = re.sub(r"(?is)<a\b[^>]*?href=[\"']([^\"']*)[\"'][^>]*>(.*?)</a>",
                  lambda m: f"[{re.sub(r'<[^>]+>', '', m.group(2)).strip()}]({m.group(1)})", text)
    text = re.sub(r"(?i)<br\s*/?>", "  \n", text)
    text = re.sub(r"(?i)</?(strong|b)>", "**", text)
    text = re.sub(r"(?i)</?(em|i)>", "*", text)
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)  # any other tag: keep its text
    text = re.sub(r"\]\((/[^)\s]*)\)", lambda m: f"](https://{domain}{m.group(1)})", text)  # site-relative links
    text = re.sub(r"\]\((?![a-z][a-z0-9+.-]*:|#|/)([^)\s]+)\)",  # page-relative links
                  lambda m: f"](https://{domain}/{m.group(1).lstrip('./')})", text)
    lines = []
    for line in text.split("\n"):
        if re.match(r"^\s*>\s*\*The following text is extracted", line):
            continue  # archive notes
        line = re.sub(r"\[\s*\]\([^)]*\)", "", line)  # empty links (images, badges)
        line = re.sub(r"\s*\|\s*\|\s*$", "", line)  # table debris at line ends
        if re.match(r"^[\s|:-]*$", line) and "|" in line or re.match(r"^\s*-{3}\|", line):
            continue  # table rules
        lines.append(line.rstrip() if not line.endswith("  ") else line)
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def split_sections(markdown: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(title, preamble, [(section title, body)])."""
    title = ""
    match = re.search(r"^#\s+(.+)$", markdown, re.M)
    if match and len(re.findall(r"^#\s+\S", markdown, re.M)) == 1:
        title = match.group(1).strip()
        markdown = markdown[:match.start()] + markdown[match.end():]
    # Sections are the shallowest heading level used at least twice.
    level = next((marks for marks in ("#", "##", "###", "####", "#####")
                  if len(re.findall(rf"^{marks}\s+\S", markdown, re.M)) >= 2), None)
    if level:
        pattern = re.compile(rf"^{level}\s+(.+?)\s*#*\s*$", re.M)
    else:  # bold paragraph headings: **Title:** alone on a line
        pattern = re.compile(r"^\s*\*\*([^*\n]{3,120}?):?\*\*:?\s*$", re.M)
    starts = list(pattern.finditer(markdown))
    preamble = markdown[:starts[0].start()] if starts else markdown
    sections = []
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(markdown)
        sections.append((start.group(1).strip().rstrip(":").strip(), markdown[start.end():end].strip("\n")))
    sections = _nest_subheadings(sections)
    preamble = _drop_table_of_contents(preamble, [t for t, _ in sections])
    return _plain(title), preamble.strip(), [(_plain(t), body) for t, body in sections if body.strip()]


def _nest_subheadings(sections: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A heading with nothing under it before the next heading owns that next
    one as a sub-heading (`**Your Choices:**` then `**Opt-out Provision**`)."""
    result: list[tuple[str, str]] = []
    owner = None
    for title, body in sections:
        if owner is not None:
            result[-1] = (result[-1][0], f"{result[-1][1]}\n\n### {_plain(title)}\n\n{body.strip()}".strip())
            owner = None if body.strip() else owner
            continue
        result.append((title, body))
        if not body.strip():
            owner = title
    return result


def _drop_table_of_contents(text: str, titles: list[str]) -> str:
    """A list whose items are the section titles is the old page's contents."""
    wanted = {t.lower() for t in titles}
    kept = [line for line in text.split("\n")
            if not (re.match(r"^\s*[-*]\s+", line) and re.sub(r"^\s*[-*]\s+", "", line).strip().lower() in wanted)]
    return "\n".join(kept)


def _plain(title: str) -> str:
    return " ".join(re.sub(r"[*_`<>\[\]{}|\\]", " ", title).split())


def offer_variables(texts: list[str]) -> dict[str, str]:
    """Contact details the notice repeats, to become variables."""
    joined = "\n\n".join(texts)
    found = {}
    emails = Counter(e for e in EMAIL_ADDRESS.findall(joined))
    if emails:
        found["contact_email"] = emails.most_common(1)[0][0]
    phones = Counter(PHONE.findall(joined))
    if phones:
        found["contact_phone"] = phones.most_common(1)[0][0]
    for paragraph in re.split(r"\n\s*\n", joined):
        lines = [line.strip() for line in paragraph.strip().split("\n") if line.strip()]
        if 2 <= len(lines) <= 6 and CITY_LINE.match(lines[-1]):
            found["postal_address"] = "\n".join(lines)
            break
    return found


def substitute(body: str, variables: dict[str, str]) -> str:
    if "postal_address" in variables:
        block = variables["postal_address"]
        pattern = r"\s*\n\s*".join(re.escape(line) + r"[ ]*" for line in block.split("\n"))
        body = re.sub(pattern, "{{ postal_address }}", body)
    if "contact_email" in variables:
        body = body.replace(variables["contact_email"], "{{ contact_email }}")
    if "contact_phone" in variables:
        body = body.replace(variables["contact_phone"], "{{ contact_phone }}")
    return body


def find_effective(text: str, meta: dict) -> dt.date | None:
    for key in ("effective", "effective_date", "date", "updated", "last_updated"):
        value = meta.get(key)
        if isinstance(value, dt.date):
            return value if not isinstance(value, dt.datetime) else value.date()
        if isinstance(value, str):
            parsed = parse_date(value)
            if parsed:
                return parsed
    match = DATE_WORDS.search(text.replace("*", ""))
    return parse_date(match.group(1)) if match else None


def parse_date(text: str) -> dt.date | None:
    text = text.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = re.match(r"([A-Za-z]+) (\d{1,2}),? (\d{4})", text) or re.match(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", text)
    if not match:
        return None
    first, second, year = match.groups()
    month, day = (first, second) if not first.isdigit() else (second, first)
    if month.lower() not in MONTHS:
        return None
    try:
        return dt.date(int(year), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def parse(path: Path, domain: str = "www.example.com") -> Imported:
    markdown, meta = read_document(path)
    markdown = clean(markdown, domain)
    title, preamble, sections = split_sections(markdown)
    if not sections:
        raise ImportError_(f"{path}: found no sections (## headings, # headings or **bold** paragraph headings)")
    variables = offer_variables([preamble] + [body for _, body in sections])
    seen: set[str] = set()
    result = []
    anchors = {_slug(t)[:60].strip("-") for t, _ in sections} | {
        _slug(h) for _, body in sections for h in re.findall(r"^#{2,6}\s+(.+?)\s*$", body, re.M)}
    dropped = []

    def unlink(match: re.Match) -> str:
        if match.group(2) in anchors:
            return match.group(0)
        dropped.append(match.group(2))
        return match.group(1)  # a link to a heading this notice does not have: keep the words

    sections = [(t, re.sub(r"\[([^\]]*)\]\(#([^)\s]+)\)", unlink, body)) for t, body in sections]
    for section_title, body in sections:
        section_id = _slug(section_title)[:60].strip("-") or "section"
        while section_id in seen:
            section_id += "-2"
        seen.add(section_id)
        result.append((section_id, section_title, substitute(body, variables)))
    preamble = re.sub(r"\[([^\]]*)\]\(#([^)\s]+)\)", unlink, preamble)
    return Imported(str(meta.get("title") or title or path.stem.replace("-", " ").title()),
                    substitute(preamble, variables), result, variables, find_effective(markdown, meta), dropped)


def write(imported: Imported, notices: Path, version: str, effective: dt.date, summary: str,
          domain: str, force: bool = False) -> list[Path]:
    """Write notices/ from an imported notice; never overwrites without force."""
    existing = [p for p in notices.glob("*") if p.suffix in (".md", ".yml")] if notices.exists() else []
    if existing and not force:
        raise ImportError_(f"{notices} already holds a notice ({existing[0].name}, ...): "
                           "pass --force to replace it")
    notices.mkdir(parents=True, exist_ok=True)
    for path in existing:
        if path.suffix == ".md" and path.name != PREAMBLE_FILE or path.name == PREAMBLE_FILE:
            path.unlink()
    written = []
    width = max(3, len(str(len(imported.sections) * 10)))
    for number, (section_id, title, body) in enumerate(imported.sections, 1):
        path = notices / f"{number * 10:0{width}d}-{section_id}.md"
        path.write_text(f"---\n{yaml.safe_dump({'id': section_id, 'title': title}, sort_keys=False, allow_unicode=True)}"
                        f"---\n{body.strip()}\n", encoding="utf-8")
        written.append(path)
    if imported.preamble.strip():
        (notices / PREAMBLE_FILE).write_text(imported.preamble.strip() + "\n", encoding="utf-8")
        written.append(notices / PREAMBLE_FILE)
    address = imported.variables.get("postal_address", "").split("\n")
    meta = {
        "title": imported.title,
        "version": version,
        "effective": effective,
        "summary": summary,
        "controller": {
            "name": address[0] if address and address[0] else imported.title,
            "address": "\n".join(address[1:]) + "\n" if len(address) > 1 else "Fill in the postal address\n",
            "email": imported.variables.get("contact_email", "privacy@example.com"),
            "phone": imported.variables.get("contact_phone", ""),
        },
        "variables": {k: v for k, v in imported.variables.items()},
    }
    (notices / NOTICE_FILE).write_text("# Written by noticegen import; check the controller details.\n"
                                       + yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
                                       .replace(f"version: '{version}'", f'version: "{version}"'),
                                       encoding="utf-8")
    written.append(notices / NOTICE_FILE)
    if not (notices / SITES_FILE).exists():
        (notices / SITES_FILE).write_text(f"sites:\n  - domain: {domain}\n    name: {imported.title}\n"
                                          "    base_path: /privacy/\n", encoding="utf-8")
        written.append(notices / SITES_FILE)
    return written


def replay_history(project_root: Path, notices: Path, source: Path, file: str, domain: str,
                   force: bool = False) -> list[tuple[str, dt.date, str]]:
    """Commit, in the project's repository, one version per state of `file`
    in the `source` repository (oldest first); returns (version, effective,
    source commit). States sharing an effective date are one version: the
    last text under that date. Effective dates come from the text, else from
    the source commit; author and dates of the source commit are kept."""
    import subprocess
    import tempfile

    from .gitlog import Git

    with Git(source) as git:
        head = git.head()
        if head is None:
            raise ImportError_(f"{source} has no commits")
        states = []
        for commit in git.log(file, head):
            blob = commit.changes.get(file)
            if blob:
                states.append((commit, git.read_blob(blob).decode("utf-8", errors="replace")))
    if not states:
        raise ImportError_(f"{file} never appears in the history of {source} (give its path from the repository root)")
    groups: list[list] = []
    with tempfile.TemporaryDirectory(prefix="noticegen-import-") as work:
        for commit, text in states:
            copy = Path(work, Path(file).name)
            copy.write_text(text, encoding="utf-8")
            try:
                imported = parse(copy, domain)
            except ImportError_:
                continue  # a state with no sections (a stub, a broken commit): skip it
            effective = imported.effective or dt.date.fromisoformat(commit.date[:10])
            if groups and effective <= groups[-1][1]:
                groups[-1] = [commit, groups[-1][1], imported]  # same (or earlier) date: one version
            else:
                groups.append([commit, effective, imported])
    existing = [p for p in notices.glob("*") if p.suffix in (".md", ".yml")] if notices.exists() else []
    if existing and not force:
        raise ImportError_(f"{notices} already holds a notice: pass --force to replace it")
    done = []
    for number, (commit, effective, imported) in enumerate(groups, 1):
        write(imported, notices, str(number), effective, f"Imported from {source.name} commit {commit.sha[:10]}",
              domain, force=True)
        env = {"GIT_AUTHOR_NAME": commit.author or "noticegen import", "GIT_AUTHOR_EMAIL": commit.email or "import@localhost",
               "GIT_COMMITTER_NAME": commit.author or "noticegen import",
               "GIT_COMMITTER_EMAIL": commit.email or "import@localhost",
               "GIT_AUTHOR_DATE": commit.date, "GIT_COMMITTER_DATE": commit.date}
        for args in (["add", "-A", "--", str(notices)],
                     ["commit", "-q", "--no-verify", "-m", f"Notice version {number} (effective {effective}), "
                      f"imported from {source.name} {commit.sha[:10]}"]):
            result = subprocess.run(["git", *args], cwd=project_root, capture_output=True, text=True,
                                    env={**__import__("os").environ, **env})
            if result.returncode != 0:
                raise ImportError_(f"git {args[0]} failed: {result.stderr.strip() or result.stdout.strip()}")
        done.append((str(number), effective, commit.sha))
    return done

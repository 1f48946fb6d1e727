"""Every visible string goes through gettext, and every catalogue translates every string."""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["uz", "uz_Cyrl", "ru", "en"]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html")) + sorted(
    (ROOT / "mahalla").rglob("templates/**/*.html"))
PYTHON_SOURCES = [p for p in sorted((ROOT / "mahalla").rglob("*.py"))
                  if "migrations" not in p.parts and "data" not in p.parts]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext",
                 "ngettext_lazy", "gettext_noop"}


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"))


def msgids(po: polib.POFile) -> set[tuple[str, str]]:
    return {(entry.msgctxt or "", entry.msgid) for entry in po if not entry.obsolete}


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_strings(path: Path) -> set[tuple[str, str]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_NAMES or not node.args:
            continue
        if name.startswith("pgettext") and len(node.args) >= 2:
            context, text = _literal(node.args[0]), _literal(node.args[1])
            if context is not None and text is not None:
                found.add((context, text))
        elif (text := _literal(node.args[0])) is not None:
            found.add(("", text))
    return found


def template_strings(path: Path) -> set[tuple[str, str]]:
    """The strings xgettext would extract: templatize() turns tags into gettext(u'…') calls."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = set()
    call = re.compile(r"\b(n?p?gettext)\((u'(?:[^'\\]|\\.)*'(?:\s*,\s*u'(?:[^'\\]|\\.)*')*)")
    for name, args in call.findall(code):
        literals = [ast.literal_eval(a) for a in re.findall(r"u'(?:[^'\\]|\\.)*'", args)]
        if name.startswith("p"):
            found.add((literals[0], literals[1]))
        else:
            found.add(("", literals[0]))
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_every_catalogue_translates_every_string(locale):
    po = catalogue(locale)
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:10]


def test_catalogues_have_the_same_keys():
    reference = msgids(catalogue("en"))
    for locale in LOCALES:
        assert msgids(catalogue(locale)) == reference, locale


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_survive_translation(locale):
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for entry in catalogue(locale).translated_entries():
        if entry.msgid_plural:
            continue
        assert sorted(placeholder.findall(entry.msgid)) == sorted(
            placeholder.findall(entry.msgstr)), (locale, entry.msgid)


def test_every_marked_string_is_in_the_catalogue():
    known = msgids(catalogue("en"))
    marked = set()
    for path in PYTHON_SOURCES:
        marked |= python_strings(path)
    for path in TEMPLATES:
        marked |= template_strings(path)
    missing = sorted(m for m in marked if m not in known and m[1])
    assert not missing, f"run makemessages and translate: {missing[:15]}"


class _VisibleText(HTMLParser):
    CHECKED_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "value"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in self.CHECKED_ATTRIBUTES and value and re.search(r"[^\W\d_]{2,}", value):
                self.found.append(f'{name}="{value}"')

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and re.search(r"[^\W\d_]{2,}", data):
            self.found.append(data.strip())


def visible_untranslated_text(source: str) -> list[str]:
    source = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", "", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}|{#.*?#}", "", source, flags=re.S)
    parser = _VisibleText()
    parser.feed(source)
    return parser.found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_visible_text_outside_translation(path):
    assert visible_untranslated_text(path.read_text(encoding="utf-8")) == []


def test_the_checker_catches_untranslated_text():
    assert visible_untranslated_text("<p>Hello</p>") == ["Hello"]
    assert visible_untranslated_text('<a title="Open">{% translate "x" %}</a>') == ['title="Open"']
    assert visible_untranslated_text("<p>{% translate 'Hello' %} {{ name }}</p>") == []

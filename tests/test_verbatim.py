"""Text copied from the source documents: `python -m portal_core verbatim`, on fingerprints only."""

from __future__ import annotations

from portal_core import issue_form
from portal_core.from_issue import convert
from portal_core.settings import portal_path
from portal_core.validation import Checker, content_files
from portal_core.verbatim import FINGERPRINT_BYTES, SHINGLE_WORDS, copied_runs, fingerprints_of, load_fingerprints
import pytest
from support import ROOT, VALID, page

SOURCE = (
    "Le conseil municipal a décidé en séance de confier la gestion du nouveau réseau de chaleur "
    "à une régie publique créée pour l'occasion, avec un budget annexe voté chaque année."
)
# The same words as the source, twelve and eleven of them in a row.
TWELVE = "confier la gestion du nouveau réseau de chaleur à une régie publique"
ELEVEN = "confier la gestion du nouveau réseau de chaleur à une régie"


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> frozenset[bytes]:
    """Fingerprints of a made-up source document, written and read back as data/ holds them."""
    path = tmp_path_factory.mktemp("sources") / "empreintes.bin"
    path.write_bytes(fingerprints_of([SOURCE]))
    return load_fingerprints(path)


def body_with(sentence: str) -> str:
    return VALID + f"\nLa commune veut {sentence}, après un an d'étude.\n"


def test_twelve_words_in_a_row_are_a_copy_with_their_line(sources):
    [run] = copied_runs("content/a.md", body_with(TWELVE), sources)
    assert run.words == tuple(TWELVE.lower().split())
    assert run.line == VALID.count("\n") + 2
    assert str(run).startswith(f"content/a.md:{run.line}: texte: 12 mots recopiés d'un document source : « confier")


def test_eleven_words_are_not(sources):
    assert len(ELEVEN.split()) == SHINGLE_WORDS - 1
    assert copied_runs("content/a.md", body_with(ELEVEN), sources) == []


def test_a_longer_copy_is_one_run_of_all_its_words(sources):
    longer = "confier la gestion du nouveau réseau de chaleur à une régie publique créée pour l'occasion"
    [run] = copied_runs("content/a.md", body_with(longer), sources)
    assert len(run.words) == len(longer.split())


def test_a_long_title_taken_from_the_source_may_be_quoted_in_the_text(sources):
    titled = page(**{'title: "Un potager dans chaque école"': f'title: "{TWELVE}"'})
    assert copied_runs("content/a.md", titled, sources) == []
    assert copied_runs("content/a.md", titled + f"\nLe projet « {TWELVE} » a été primé.\n", sources) == []


def test_the_summary_is_checked_too(sources):
    copied = page(**{"La commune installe un potager": f"La commune va {TWELVE} et installe un potager"})
    [run] = copied_runs("content/a.md", copied, sources)
    assert run.line == 5


def test_the_committed_fingerprints_are_sorted_unique_and_hold_the_five_documents():
    data = (ROOT / "data" / "sources-fingerprints.bin").read_bytes()
    chunks = [data[i : i + FINGERPRINT_BYTES] for i in range(0, len(data), FINGERPRINT_BYTES)]
    assert len(data) % FINGERPRINT_BYTES == 0
    assert chunks == sorted(set(chunks))
    assert len(chunks) > 50_000


def test_no_page_of_the_content_copies_a_source_document():
    sources = load_fingerprints(portal_path({}, "PORTAL_SOURCE_FINGERPRINTS"))
    runs = [run for path, text in content_files(ROOT / "content") for run in copied_runs(path, text, sources)]
    assert [str(run) for run in runs] == []


def test_an_issue_form_copying_a_source_is_refused(sources):
    body = (ROOT / "tests" / "data" / "issues" / "valide.md").read_text(encoding="utf-8")
    body = body.replace("avec une formation courte à la conduite.", f"pour {TWELVE}.")
    result = convert(body, Checker.from_settings({}), [], "2026-12-01", sources)
    [problem] = result.problems
    assert problem.startswith(f"« {issue_form.TEXT} » : 12 mots recopiés d'un document source (« confier la gestion")


def test_an_issue_form_copying_a_source_in_its_summary_is_refused_on_the_summary(sources):
    body = (ROOT / "tests" / "data" / "issues" / "valide.md").read_text(encoding="utf-8")
    body = body.replace("à la place de camionnettes.", f"pour {TWELVE}.")
    [problem] = convert(body, Checker.from_settings({}), [], "2026-12-01", sources).problems
    assert problem.startswith(f"« {issue_form.SUMMARY} » : 12 mots recopiés d'un document source (« confier la gestion")

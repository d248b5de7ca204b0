"""Command line for contributors and for the workflows.

python -m portal_core validate [CONTENT_DIR] [--format github]   every error of the content
python -m portal_core lookup NAME                                 official codes of territories
python -m portal_core from-issue BODY_FILE                        an issue form → a content file
python -m portal_core issue-form                                  the issue form, from the data files
python -m portal_core verbatim [CONTENT_DIR]                      text copied from the source documents
python -m portal_core fingerprint-sources FOLDER                  fingerprints of the source documents
"""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path
import re
import sys
from typing import Any, NoReturn

from . import issue_form
from .from_issue import convert
from .places import describe, find_places
from .registry import load_registry
from .settings import portal_path
from .territories import load_gazetteer
from .validation import Checker, content_files
from .verbatim import copied_runs, fingerprints_of, load_fingerprints
from .workflow_commands import error_command


def lookup(args: argparse.Namespace) -> int:
    """Print the territories whose name matches, the exact name first, with their département."""
    gazetteer = load_gazetteer(portal_path({}, "PORTAL_GEO_DATA"))
    places = find_places(gazetteer, args.name)
    for place in places:
        print(f"{describe(gazetteer, place)}, pop. {place.population if place.population is not None else '?'}")
    if not places:
        print(f"Aucun territoire ne s'appelle « {args.name} ».", file=sys.stderr)
    return 0 if places else 1


def validate(args: argparse.Namespace) -> int:
    """Check the content folder and print each error as path:line: field: message."""
    reports = Checker.from_settings({}).check_all(content_files(args.content))
    errors = sorted(error for report in reports for error in report.errors)
    for error in errors:
        print(error_command(error) if args.format == "github" else error)
    valid = sum(1 for report in reports if report.initiative is not None)
    print(f"{valid}/{len(reports)} fiche(s) valide(s), {len(errors)} erreur(s)", file=sys.stderr)
    return 1 if errors else 0


def from_issue(args: argparse.Namespace) -> int:
    """Write the content file an issue form describes, or print every problem and write nothing."""
    body = Path(args.body_file).read_text(encoding="utf-8")
    content = Path(args.content)
    sources = load_fingerprints(portal_path({}, "PORTAL_SOURCE_FINGERPRINTS"))
    result = convert(body, Checker.from_settings({}), content_files(content), args.date, sources)
    if result.problems:
        print("La proposition ne peut pas encore devenir une fiche :\n")
        for problem in result.problems:
            print(f"- {problem}")
        print("\nCorrigez l'issue (menu « … », « Edit ») : la conversion sera relancée.")
        return 1
    path = content / result.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.text, encoding="utf-8")
    print(path)
    return 0


def print_issue_form(args: argparse.Namespace) -> int:
    """Print the issue form's YAML, built from the data files."""
    sys.stdout.write(issue_form.render(load_registry(portal_path({}, "PORTAL_DATA_DIR"))))
    return 0


def verbatim(args: argparse.Namespace) -> int:
    """Print every run of words of the content copied from a source document."""
    sources = load_fingerprints(portal_path({}, "PORTAL_SOURCE_FINGERPRINTS"))
    runs = [run for path, text in content_files(args.content) for run in copied_runs(path, text, sources)]
    for run in runs:
        print(run)
    print(
        f"{len(runs)} passage(s) recopié(s) des documents sources"
        + (" : réécrivez-les avec vos propres mots (les faits et les chiffres peuvent rester)" if runs else ""),
        file=sys.stderr,
    )
    return 1 if runs else 0


def fingerprint_sources(args: argparse.Namespace) -> int:
    """Write the fingerprints of every *.txt of a folder of source documents."""
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(Path(args.folder).glob("*.txt"))]
    if not texts:
        print(f"{args.folder} : aucun document .txt", file=sys.stderr)
        return 1
    target = Path(portal_path({}, "PORTAL_SOURCE_FINGERPRINTS"))
    target.write_bytes(fingerprints_of(texts))
    print(f"{target} : empreintes de {len(texts)} document(s)")
    return 0


# argparse's own messages, in French: contributors read them.
ARGPARSE_MESSAGES = (
    (
        r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
        r"argument \1 : choix inconnu \2 (choix possibles : \3)",
    ),
    (r"the following arguments are required: (.*)", r"argument(s) obligatoire(s) manquant(s) : \1"),
    (r"unrecognized arguments: (.*)", r"argument(s) inconnu(s) : \1"),
    (r"argument (\S+): expected one argument", r"argument \1 : une valeur attendue"),
)


class FrenchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


class FrenchParser(argparse.ArgumentParser):
    """An ArgumentParser whose titles, help option and errors are in French."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **{**kwargs, "add_help": False})
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str) -> NoReturn:
        for pattern, french in ARGPARSE_MESSAGES:
            message = re.sub(f"^{pattern}$", french, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def parser() -> argparse.ArgumentParser:
    main_parser = FrenchParser(prog="python -m portal_core", description="Outils du portail pour les contributions.")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")
    check = commands.add_parser("validate", help="vérifier toutes les fiches et lister chaque erreur")
    check.add_argument(
        "content", nargs="?", default="content", metavar="DOSSIER", help="dossier du contenu (défaut : content)"
    )
    check.add_argument(
        "--format",
        choices=["texte", "github"],
        default="texte",
        help="texte : chemin:ligne: champ: message ; github : annotations des workflows GitHub (::error …)",
    )
    check.set_defaults(run=validate)
    find = commands.add_parser("lookup", help="trouver le code officiel d'un territoire par son nom")
    find.add_argument(
        "name", metavar="NOM", help="nom (ou début du nom), éventuellement suivi du département : « Saint-Denis (93) »"
    )
    find.set_defaults(run=lookup)
    convert_issue = commands.add_parser(
        "from-issue", help="écrire la fiche décrite par une issue « Proposer une initiative »"
    )
    convert_issue.add_argument(
        "body_file", metavar="FICHIER", help="fichier contenant le texte de l'issue (Markdown rendu par GitHub)"
    )
    convert_issue.add_argument(
        "--content", default="content", metavar="DOSSIER", help="dossier du contenu (défaut : content)"
    )
    convert_issue.add_argument(
        "--date",
        metavar="AAAA-MM-JJ",
        default=datetime.date.today().isoformat(),
        help="date de la fiche, AAAA-MM-JJ (défaut : aujourd'hui)",
    )
    convert_issue.set_defaults(run=from_issue)
    form = commands.add_parser("issue-form", help="écrire le formulaire d'issue (YAML) à partir de data/")
    form.set_defaults(run=print_issue_form)
    copied = commands.add_parser("verbatim", help="signaler le texte recopié mot pour mot des documents sources")
    copied.add_argument(
        "content", nargs="?", default="content", metavar="DOSSIER", help="dossier du contenu (défaut : content)"
    )
    copied.set_defaults(run=verbatim)
    sources = commands.add_parser("fingerprint-sources", help="calculer les empreintes des documents sources (data/)")
    sources.add_argument("folder", metavar="DOSSIER", help="dossier des documents sources en texte brut (*.txt)")
    sources.set_defaults(run=fingerprint_sources)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


def run() -> int:
    """main(), quiet when the reader of the output goes away (`lookup … | head`)."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python flushes stdout again at exit: point it at /dev/null so that fails quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


if __name__ == "__main__":
    sys.exit(run())

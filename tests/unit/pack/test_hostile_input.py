"""Hostile and broken input: text from data is escaped, the PDF fetches nothing outside the
report, spreadsheet formulas are neutralised, broken files and parameters give bokmål
errors instead of tracebacks, Ctrl-C and closed pipes end quietly, concurrent builds wait
for each other and the manifest tells what is on disk."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import problems_for

from helpers.data import MAX_PROBLEMS_PER_FILE, load_data

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
HOSTILE = {
    "5025": "<script>alert(1)</script>",
    "3427": "<img src=x onerror=alert(1)>",
    "5026": '<iframe src="https://example.com">',
}


def hop(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers.pack.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)




# ---------------------------------------------------------------- escaping


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser would parse them."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


FETCHING_ATTRS = {"src", "href", "xlink:href", "srcset", "data", "poster", "action",
                  "formaction", "background"}


def live_markup(page: str) -> list[str]:
    """Scripts, frames, event handlers and external references in an HTML page."""
    parser = _Tags()
    parser.feed(page)
    found = []
    for tag, attrs in parser.tags:
        if tag in {"script", "iframe", "frame", "object", "embed", "audio", "video", "img",
                   "link", "base", "meta"} and not (tag == "meta" and all(
                       k in {"charset", "name", "content"} for k, _ in attrs)):
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"{tag} {name}=")
            if name in FETCHING_ATTRS and value and not value.startswith(("#", "data:")):
                found.append(f"{tag} {name}={value}")
            if name == "style" and value and "url(" in value:
                found.append(f"{tag} style url()")
    return found


def test_markdown_from_data_shows_html_as_text():
    from helpers.presentation.report import render_markdown

    out = render_markdown("Kommunen **<script>alert(1)</script>** og <iframe src='https://x'> "
                          "og ![bilde](https://example.com/a.png) og [lenke](https://x.no)")
    assert "<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in out
    assert live_markup(out) == []
    assert "<a " not in out


def test_table_escapes_cells_headers_and_caption():
    from helpers.presentation.report import table

    df = pd.DataFrame({"Kommune": [HOSTILE["5025"], HOSTILE["3427"]],
                       HOSTILE["5026"]: [1234.5, -2.0]})
    out = table(df, caption="<b onclick=x>Tittel</b>").to_html()
    assert live_markup(out) == [] and "<b " not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert ("&lt;iframe src=&#34;https://example.com&#34;&gt;" in out
            or "&lt;iframe src=&quot;https://example.com&quot;&gt;" in out)
    assert ">1\u00a0235<" in out and ">\u22122<" in out  # numbers are still formatted


def test_live_markup_detector_finds_what_it_should():
    page = ('<p onclick="x">a</p><script>1</script><img src="https://e.com/x.png">'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>ok</text></svg>')
    assert live_markup(page) == ["p onclick=", "<script>", "<img>", "img src=https://e.com/x.png"]


def hostile_data(folder: Path) -> Path:
    kommuner = pd.read_csv(folder / "kommuner.csv", dtype=str, keep_default_na=False)
    for nr, name in HOSTILE.items():
        kommuner.loc[kommuner["kommunenummer"] == nr, "navn"] = name
        kommuner.loc[kommuner["kommunenummer"] == nr, "alias"] = ""
    kommuner.to_csv(folder / "kommuner.csv", index=False)
    return folder


@pytest.mark.slow
def test_hostile_names_are_text_in_html_and_pdf(data_copy, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "out"
    r = hop("build", "handlingsregler", "--data", str(hostile_data(data_copy)), "--out",
            str(out), "--set", "kommune=5025", "--set", "sammenligning=[3427, 5026]")
    assert r.returncode == 0, r.stdout + r.stderr
    page = (out / "handlingsregler" / "handlingsregler.html").read_text(encoding="utf-8")
    assert live_markup(page) == []
    # The names are there, as text (headings, generated text, tables and chart labels).
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;iframe src=" in page
    text = "".join(p.extract_text() for p in
                   PdfReader(out / "handlingsregler" / "handlingsregler.pdf").pages)
    assert "Handlingsregler – <script>alert(1)</script> kommune" in text
    assert "<img src=x onerror=alert(1)>" in text


# ---------------------------------------------------------------- no fetch outside the report


@pytest.mark.parametrize("markup, url", [
    ('<img src="https://example.com/a.png">', "https://example.com/a.png"),
    ('<link rel="stylesheet" href="http://example.com/s.css">', "http://example.com/s.css"),
    ('<p style="background: url(file:///etc/passwd)">x</p>', "file:///etc/passwd"),
    ('<img src="../../../../etc/hostname">', "/etc/hostname"),
])
def test_pdf_refuses_anything_outside_the_report(tmp_path, markup, url):
    from helpers.pack.export import ResourceRefused, write_pdf

    with pytest.raises(ResourceRefused) as exc:
        write_pdf(f"<p>Tekst</p>{markup}", tmp_path / "r.pdf", base_url=tmp_path)
    assert "PDF-en ble ikke laget" in str(exc.value) and url in str(exc.value)
    assert not (tmp_path / "r.pdf").exists()


def test_pdf_may_use_its_own_files_and_inline_data(tmp_path):
    from helpers.pack.export import write_pdf

    (tmp_path / "egen.css").write_text("p { color: #123456; }", encoding="utf-8")
    write_pdf('<link rel="stylesheet" href="egen.css"><p>Tekst</p>'
              '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
              tmp_path / "r.pdf", base_url=tmp_path)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


# ---------------------------------------------------------------- formula cells


def test_formula_cells_are_neutralised_numbers_are_not(tmp_path):
    from helpers.presentation.nokkeltall import neutralise_formula, write_key_figures

    for bad in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://x")']:
        assert neutralise_formula(bad) == "'" + bad
    for fine in ["Røros", "", "netto_driftsresultat_pst", "'=quoted"]:
        assert neutralise_formula(fine) == fine
    assert neutralise_formula(-5.0) == -5.0

    path = tmp_path / "nokkeltall.csv"
    write_key_figures(pd.DataFrame([
        {"rapport": "r", "nokkel": "k", "kommune": "=cmd|' /C calc'!A0", "aar": 2024,
         "dimensjon": "-1+2", "verdi": -12.5, "enhet": "%"},
        {"rapport": "r", "nokkel": "k", "kommune": "Røros", "aar": 2024,
         "dimensjon": "@x", "verdi": 3.0, "enhet": "%"}]), path)
    back = pd.read_csv(path, keep_default_na=False)
    assert back["kommune"].tolist() == ["'=cmd|' /C calc'!A0", "Røros"]
    assert back["dimensjon"].tolist() == ["'-1+2", "'@x"]
    assert back["verdi"].tolist() == [-12.5, 3.0]
    # the last two columns, grunnlag and kilde, are empty
    assert path.read_text(encoding="utf-8").splitlines()[1].endswith(",-12.5,%,,")


def test_merged_key_figures_are_neutralised(tmp_path):
    from helpers.pack.runner import BuildResult, collect_outputs

    (tmp_path / "r").mkdir()
    pd.DataFrame([{"rapport": "r", "nokkel": "k", "kommune": "=2+3", "aar": 2024,
                   "dimensjon": "", "verdi": -1.0, "enhet": "%"}]).to_csv(
        tmp_path / "r" / "nokkeltall.csv", index=False)
    data = tmp_path / "data"
    data.mkdir()
    collect_outputs(tmp_path, [BuildResult("r", ok=True)], data, time.perf_counter(), 0.0)
    merged = pd.read_csv(tmp_path / "nokkeltall.csv", keep_default_na=False)
    assert merged["kommune"].tolist() == ["'=2+3"] and merged["verdi"].tolist() == [-1.0]


# ---------------------------------------------------------------- bounded YAML


LAUGHS = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
          + "".join(f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n"
                    for p, c in zip("abcdefgh", "bcdefghi", strict=True)))


def test_yaml_aliases_are_refused_quickly(tmp_path):
    from helpers.pack.cli import _load_params_file, parse_overrides

    t0 = time.perf_counter()
    with pytest.raises(SystemExit) as exc:
        parse_overrides(["sammenligning=[&x Tynset, *x]"])
    assert "aliaser" in str(exc.value)
    params = tmp_path / "p.yaml"
    params.write_text(LAUGHS, encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        _load_params_file(str(params))
    assert "YAML-aliaser (*navn) er ikke tillatt" in str(exc.value)
    assert time.perf_counter() - t0 < 5  # refused, not expanded
    assert parse_overrides(["sammenligning=[Tynset, Oppdal]"]) == {
        "sammenligning": ["Tynset", "Oppdal"]}


def test_cli_refuses_yaml_aliases(tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text(LAUGHS, encoding="utf-8")
    r = hop("build", "handlingsregler", "--params", str(params), "--out", str(tmp_path / "o"),
            timeout=60)
    assert r.returncode != 0 and "YAML-aliaser" in r.stderr + r.stdout
    assert "Traceback" not in r.stderr + r.stdout


# ---------------------------------------------------------------- broken files


def test_binary_file(data_copy):
    (data_copy / "kostra.csv").write_bytes(bytes(range(256)) * 40)
    assert problems_for(data_copy) == [
        "data/kostra.csv: filen er ikke en tekstfil (binært innhold) – forventet en CSV-fil "
        "lagret som tekst (UTF-8 eller Windows-1252)"]


def test_excel_workbook_saved_as_csv(data_copy):
    (data_copy / "kostra.csv").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"x" * 200)
    msgs = problems_for(data_copy)
    assert len(msgs) == 1 and "Excel-regneark" in msgs[0] and "kostra.csv" in msgs[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_names_the_encoding(data_copy, encoding):
    text = (DATA / "folketall.csv").read_text(encoding="utf-8")
    (data_copy / "folketall.csv").write_bytes(text.encode(encoding))
    msgs = problems_for(data_copy)
    assert len(msgs) == 1
    assert msgs[0].startswith("data/folketall.csv: filen er lagret med tegnkodingen UTF-16")


def test_undecodable_bytes_name_the_line(data_copy):
    # 0x81 is neither UTF-8 nor Windows-1252.
    lines = (DATA / "folketall.csv").read_bytes().splitlines(keepends=True)
    lines[3] = lines[3].replace(b",", b",\x81", 1)
    (data_copy / "folketall.csv").write_bytes(b"".join(lines))
    msgs = problems_for(data_copy)
    assert msgs == ["data/folketall.csv, linje 4: tegnet (byte 0x81) kan ikke leses som UTF-8 "
                    "eller Windows-1252 – lagre filen som «CSV UTF-8»"]


def test_data_file_that_is_a_directory(data_copy):
    (data_copy / "kostra.csv").unlink()
    (data_copy / "kostra.csv").mkdir()
    assert problems_for(data_copy) == [
        "data/kostra.csv: dette er en mappe, ikke en fil – forventet en CSV-fil"]


def test_unreadable_file(data_copy, monkeypatch):
    target = data_copy / "kostra.csv"
    if os.geteuid() != 0:
        target.chmod(0)
    else:  # root reads everything: make the read fail the way it does for a normal user
        real = Path.read_bytes

        def read_bytes(self):
            if self == target:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert problems_for(data_copy) == [
        "data/kostra.csv: filen kan ikke leses (mangler lesetilgang) – sjekk tilgangen til "
        "filen"]


def test_symlink_loop_and_dangling_link(data_copy):
    (data_copy / "kostra.csv").unlink()
    (data_copy / "kostra.csv").symlink_to(data_copy / "loop.csv")
    (data_copy / "loop.csv").symlink_to(data_copy / "kostra.csv")
    (data_copy / "folketall.csv").unlink()
    (data_copy / "folketall.csv").symlink_to(data_copy / "borte.csv")
    msgs = problems_for(data_copy)
    assert "data/kostra.csv: filen er en symbolsk lenke som peker i ring (lenkeløkke) – " \
           "erstatt lenken med filen" in msgs
    assert f"data/folketall.csv: filen er en symbolsk lenke til «{data_copy / 'borte.csv'}», " \
           "som ikke finnes" in msgs
    assert not any("mangler" in m for m in msgs)


def test_data_option_pointing_at_a_file(tmp_path):
    r = hop("validate", "--data", str(DATA / "kostra.csv"))
    assert r.returncode == 1
    assert "kostra.csv: er en fil, ikke en mappe – forventet mappen med CSV-filene" in r.stdout
    r = hop("build", "kostra", "--data", str(DATA / "kostra.csv"), "--out", str(tmp_path))
    assert r.returncode == 1 and "er en fil, ikke en mappe" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr


def test_out_option_pointing_at_a_file(tmp_path):
    target = tmp_path / "rapporter"
    target.write_text("ikke en mappe", encoding="utf-8")
    r = hop("build", "kostra", "--out", str(target))
    assert r.returncode == 2
    assert "--out" in r.stdout and "er en fil, ikke en mappe" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr
    assert target.read_text(encoding="utf-8") == "ikke en mappe"


@pytest.mark.parametrize("value, expected", [
    ("inf", "uendelig er ikke tillatt"),
    ("-inf", "uendelig er ikke tillatt"),
    ("Infinity", "uendelig er ikke tillatt"),
    ("nan", "«nan» (ikke et tall) er ikke tillatt"),
    ("NaN", "«nan» (ikke et tall) er ikke tillatt"),
    ("1e300", "høyst 12 siffer før komma"),
    ("-2000000000000", "høyst 12 siffer før komma"),
])
def test_non_finite_and_absurd_numbers_are_rejected(data_copy, value, expected):
    df = pd.read_csv(DATA / "kostra.csv", dtype=str, keep_default_na=False)
    df.loc[4, "verdi"] = value
    df.to_csv(data_copy / "kostra.csv", index=False)
    msgs = problems_for(data_copy)
    assert len(msgs) == 1
    assert msgs[0].startswith(f"data/kostra.csv, linje 6, kolonne «verdi»: verdien «{value}» "
                              "er ikke gyldig – forventet")
    assert expected in msgs[0]


def test_largest_plausible_number_still_loads(data_copy):
    df = pd.read_csv(DATA / "kostra.csv", dtype=str, keep_default_na=False)
    df.loc[4, "verdi"] = "-999999999999"
    df.to_csv(data_copy / "kostra.csv", index=False)
    kostra = load_data(data_copy)["kostra"]
    assert kostra["verdi"].min() == -999999999999.0


def test_huge_file_lists_the_first_problems_and_counts_the_rest(data_copy):
    df = pd.read_csv(DATA / "kostra.csv", dtype=str, keep_default_na=False)
    big = pd.concat([df] * 30, ignore_index=True)  # 29 duplicates of every row
    big.to_csv(data_copy / "kostra.csv", index=False)
    msgs = problems_for(data_copy)
    assert len(msgs) == MAX_PROBLEMS_PER_FILE + 1
    assert all("finnes allerede" in m for m in msgs[:-1])
    rest = len(df) * 29 - MAX_PROBLEMS_PER_FILE
    assert msgs[-1] == (f"data/kostra.csv: og {rest // 1000}\u00a0{rest % 1000:03d} feil til i "
                        f"denne filen (de første {MAX_PROBLEMS_PER_FILE} er vist)")


# ---------------------------------------------------------------- parameters


def declared_for(*names: str) -> dict:
    from helpers.pack.catalogue import available_reports, declared_parameters

    infos = available_reports()
    return {n: declared_parameters(infos[n].notebook) for n in names}


def test_parameter_types_are_checked():
    from helpers.pack.parametre import check_types

    declared = declared_for("handlingsregler", "kostra")
    assert check_types({"budsjettaar": 2025, "sammenligning": ["Tynset", 5021],
                        "kommune": 5025, "rente_pst": 4, "regler_fra": None}, declared) == []
    problems = check_types({"budsjettaar": "abc", "sammenligning": "notalist",
                            "rente_pst": True, "kommune": ["Røros"],
                            "kostra_aar": None, "referanse": None}, declared)
    assert problems == [
        "budsjettaar: forventet et heltall, fikk «abc» (tekst) (i rapporten handlingsregler)",
        "sammenligning: forventet en liste, f.eks. '[Tynset, Oppdal]', fikk «notalist» (tekst) "
        "(i rapporten handlingsregler)",
        "rente_pst: forventet et tall, fikk «True» (i rapporten handlingsregler)",
        "kommune: forventet tekst, fikk «['Røros']» (i rapporten handlingsregler)",
        "referanse: forventet tekst, fikk «None» (i rapporten kostra)",
    ]


def test_parameters_are_checked_against_the_data():
    from helpers.pack.parametre import check_against_data

    data = load_data(DATA, only=["kommuner", "okonomiplan"])
    assert check_against_data({"kommune": "Tynset", "budsjettaar": 2024,
                               "sammenligning": ["Oppdal", "5026"],
                               "referanse": "snitt"}, data) == []
    problems = check_against_data({"kommune": "Trondheim", "budsjettaar": 1900,
                                   "sammenligning": ["Oppdal", "Bergen"],
                                   "referanse": "Molde"}, data)
    assert [p.split(":")[0] for p in problems] == ["kommune", "sammenligning", "referanse",
                                                    "budsjettaar"]
    assert problems[0].startswith("kommune: kjenner ikke kommunen «Trondheim»")
    assert "«Bergen»" in problems[1] and "«Molde»" in problems[2]
    assert problems[3] == ("budsjettaar: 1900 er ikke et år i økonomiplanen i dataene "
                           "(okonomiplan.csv har planårene 2024–2027)")
    assert check_against_data({"budsjettaar": 2028}, data) != []
    assert check_against_data({"budsjettaar": 2027}, data) == []


@pytest.mark.parametrize("args, expected, code", [
    (["--set", "budsjettaar=abc"], "budsjettaar: forventet et heltall, fikk «abc»", 2),
    (["--set", "sammenligning=notalist"], "sammenligning: forventet en liste", 2),
    (["--set", "budsjettaar=1900"], "budsjettaar: 1900 er ikke et år i økonomiplanen", 1),
    (["--set", "kommune=Atlantis"], "kommune: kjenner ikke kommunen «Atlantis»", 1),
    (["--jobs", "0"], "--jobs: må være minst 1, fikk 0", 2),
    (["--jobs", "-1"], "--jobs: må være minst 1, fikk -1", 2),
    (["--jobs", "to"], "--jobs: forventet et heltall, fikk «to»", 2),
])
def test_cli_refuses_bad_parameters_before_building(tmp_path, args, expected, code):
    out = tmp_path / "out"
    (out / "handlingsregler").mkdir(parents=True)
    (out / "handlingsregler" / "handlingsregler.pdf").write_bytes(b"%PDF god")
    r = hop("build", "handlingsregler", "--out", str(out), *args)
    assert r.returncode == code, r.stdout + r.stderr
    assert expected in r.stdout + r.stderr
    assert "Traceback" not in r.stdout + r.stderr and "Error" not in r.stdout + r.stderr
    assert (out / "handlingsregler" / "handlingsregler.pdf").read_bytes() == b"%PDF god"
    assert not (out / "manifest.json").exists()


# ---------------------------------------------------------------- interrupt and pipes


def test_list_into_a_closed_pipe_ends_quietly():
    r = subprocess.run(f"'{sys.executable}' -m helpers.pack.cli list | head -1", shell=True,
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert len(r.stdout.splitlines()) == 1 and ":" in r.stdout
    assert "BrokenPipeError" not in r.stderr and "Traceback" not in r.stderr


def test_the_command_ends_without_teardown_but_says_everything_and_keeps_its_code(tmp_path):
    """``hop`` ends with ``os._exit`` after its work (issue 30): what it printed into a
    pipe must all arrive, and its exit code must be the command's."""
    from tests.hopcli import hop as in_process

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered
    r = subprocess.run([sys.executable, "-m", "helpers.pack.cli", "list"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    assert r.stdout == in_process("list", cwd=ROOT).stdout and r.stdout.count("\n") >= 10
    bad = hop("validate", "--data", str(tmp_path / "finnes-ikke"))
    assert bad.returncode == 1 and "datamappen finnes ikke" in bad.stdout + bad.stderr


@pytest.mark.slow
@pytest.mark.parametrize("args", [["kostra"], ["kostra", "finans", "--jobs", "2"]])
def test_ctrl_c_keeps_earlier_reports_and_ends_in_bokmal(tmp_path, args):
    out = tmp_path / "out"
    for name in ("kostra", "finans"):
        (out / name).mkdir(parents=True)
        (out / name / f"{name}.pdf").write_bytes(b"%PDF tidligere")
    # A suite started in the background by a non-interactive shell inherits SIGINT as
    # ignored, and so would the build: give it the terminal's default, as in a real shell.
    proc = subprocess.Popen([sys.executable, "-m", "helpers.pack.cli", "build", *args,
                             "--out", str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 120
    while time.time() < deadline and not list(out.glob(".tmp-*/*.ipynb")):
        time.sleep(0.2)  # wait until the notebooks are running
    assert list(out.glob(".tmp-*")), "byggingen kom aldri i gang"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stdout + stderr
    assert "Avbrutt – tidligere rapporter er beholdt" in stderr
    assert "Traceback" not in stdout + stderr and "KeyboardInterrupt" not in stdout + stderr
    for name in ("kostra", "finans"):
        assert (out / name / f"{name}.pdf").read_bytes() == b"%PDF tidligere"
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]


# ---------------------------------------------------------------- concurrency and record


def test_recover_removes_only_own_and_dead_builds_leftovers(tmp_path):
    from helpers.pack.folders import recover

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (tmp_path / f".tmp-kostra-{os.getpid()}-abc123").mkdir()  # ours
    (tmp_path / f".tmp-finans-{dead}-def456").mkdir()  # a build that has ended
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = tmp_path / f".tmp-klimabudsjett-{other.pid}-ghi789"
        running.mkdir()  # a build that is still running
        recover(tmp_path)
        assert [p.name for p in tmp_path.iterdir()] == [running.name]
    finally:
        other.kill()
        other.wait()


def test_second_build_waits_for_the_lock_and_recovery_runs_before_validation(tmp_path,
                                                                            data_copy):
    from filelock import FileLock

    from helpers.pack.folders import LOCK_NAME

    out = tmp_path / "out"
    out.mkdir()
    # A swap interrupted between moving the old report aside and moving the new one in:
    (out / ".old-kostra-1234").mkdir()
    (out / ".old-kostra-1234" / "kostra.pdf").write_bytes(b"%PDF tidligere")
    (data_copy / "kostra.csv").write_text("", encoding="utf-8")  # validation will fail
    lock = FileLock(str(out / LOCK_NAME))
    lock.acquire()
    log = tmp_path / "hop.log"
    with log.open("w", encoding="utf-8") as f:
        proc = subprocess.Popen([sys.executable, "-m", "helpers.pack.cli", "build", "kostra",
                                 "--data", str(data_copy), "--out", str(out)], cwd=ROOT,
                                stdout=f, stderr=subprocess.STDOUT, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.time() + 120
        while time.time() < deadline and "venter" not in log.read_text(encoding="utf-8"):
            time.sleep(0.2)
        assert "En annen bygging skriver til" in log.read_text(encoding="utf-8")
        time.sleep(2)
        assert proc.poll() is None, "den andre byggingen ventet ikke på låsen"
        assert (out / ".old-kostra-1234").exists()  # nothing touched while we hold the lock
    finally:
        lock.release()
    proc.wait(timeout=120)
    stdout = log.read_text(encoding="utf-8")
    assert proc.returncode == 1 and "kostra.csv: filen er tom" in stdout
    assert (out / "kostra" / "kostra.pdf").read_bytes() == b"%PDF tidligere"
    assert not (out / ".old-kostra-1234").exists()


def test_manifest_keeps_entries_of_reports_a_failed_build_did_not_replace(tmp_path):
    from helpers.pack.runner import BuildResult, collect_outputs, input_hashes

    data = tmp_path / "data"
    data.mkdir()
    (data / "kostra.csv").write_text("god\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / "kostra").mkdir(parents=True)
    good = BuildResult("kostra", ok=True, parameters={"kommune": "Røros"},
                       outputs=["kostra.pdf"])
    collect_outputs(out, [good], data, time.perf_counter(), 0.1)
    first = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = first["rapporter"]["kostra"]
    assert entry["inndata_sha256"] == input_hashes(data)
    assert entry["parametere"] == {"kommune": "Røros"} and entry["bygget"]
    assert "inndata_sha256" not in first  # no folder-wide checksums that a failure could bend

    (data / "kostra.csv").write_text("ødelagt\n", encoding="utf-8")
    failed = BuildResult("kostra", ok=False, parameters={"kommune": "Tynset"}, error="x")
    finans = BuildResult("finans", ok=True, parameters={"kommune": "Tynset"})
    (out / "finans").mkdir()
    collect_outputs(out, [failed, finans], data, time.perf_counter(), 0.1)
    second = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert second["rapporter"]["kostra"] == entry  # still the build that made kostra
    assert second["rapporter"]["finans"]["inndata_sha256"] == input_hashes(data)
    assert second["rapporter"]["finans"]["inndata_sha256"] != entry["inndata_sha256"]
    assert second["siste_bygging"] == {"bygget": ["finans"], "feilet": ["kostra"]}

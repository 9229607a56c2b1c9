"""The ``sop-workshop`` command: parses arguments, calls the core, prints. No logic of its own.

Everything a person reads is in Bahasa Indonesia, argparse's own words too (usage, options,
errors: ``cli_bahasa``). ``participant`` (what ``serve`` runs in each browser tab) is not a
command a person types: it is handled before the parser, so no help or error lists it.
Exit status: 0 success, 1 findings with errors or a failed operation, 2 unreadable input.
Output redirected to a file or a pipe is UTF-8 with ``\n`` line ends whatever the console's
code page (``portable.utf8_output``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from workshop import __version__, documents, portable
from workshop.cli_bahasa import bahasa
from workshop.safetext import terminal_text

EXIT_OK = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


PARTICIPANT = "participant"  # the hidden command ``serve`` runs per browser tab


def _parser() -> argparse.ArgumentParser:
    """The command line; build it inside ``cli_bahasa.bahasa()`` (argparse's words in Bahasa)."""
    p = argparse.ArgumentParser(
        prog="sop-workshop",
        description=(
            "Aplikasi pendampingan penyusunan SOP AP (PermenPAN-RB 35/2012). "
            "Tanpa perintah: membuka layar sambutan."
        ),
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"sop-workshop {__version__}",
        help="tampilkan versi program lalu keluar",
    )
    sub = p.add_subparsers(dest="command", metavar="PERINTAH", title="perintah")

    c = sub.add_parser(
        "check",
        help="periksa berkas SOP (sop-ap/1), folder berisi *.yaml, atau folder workshop",
        description="Memeriksa SOP terhadap pedoman. Status keluar: 0 tanpa kesalahan, "
        "1 ada kesalahan, 2 ada berkas yang tidak terbaca.",
    )
    c.add_argument("paths", nargs="+", metavar="JALUR", help="berkas .yaml atau folder")
    c.add_argument(
        "--format", choices=("text", "json"), default="text", help="bentuk keluaran (bawaan: text)"
    )

    e = sub.add_parser(
        "export",
        help="ekspor SOP atau workshop ke Markdown, HTML, Word, PDF atau YAML",
        description="Mengekspor satu berkas SOP atau sebuah folder workshop.",
    )
    e.add_argument("source", metavar="SUMBER", help="berkas SOP .yaml atau folder workshop")
    e.add_argument("--format", choices=documents.format_keys(), default="md",
                   help="format keluaran")
    e.add_argument(
        "--what",
        choices=documents.keys(),
        default="sop",
        help="apa yang diekspor (untuk folder workshop; bawaan: sop)",
    )
    e.add_argument("--unit", metavar="NAMA", help="hanya unit ini")
    e.add_argument("--out", metavar="FOLDER", help="folder keluaran")
    e.add_argument("-o", "--output", metavar="BERKAS", help="berkas keluaran (untuk satu SOP)")
    e.add_argument(
        "--strict",
        action="store_true",
        help="jangan menulis apa pun bila ada SOP yang masih punya kesalahan pemeriksaan "
        "(status keluar 1)",
    )

    n = sub.add_parser("new", help="buat folder workshop baru")
    n.add_argument("directory", metavar="FOLDER")
    n.add_argument("--title", metavar="JUDUL", help="judul kegiatan")
    n.add_argument("--plan", metavar="RENCANA", help="rencana sesi dari sessions/ (mis. "
                   "pendampingan-2-hari)")

    i = sub.add_parser(
        "import",
        help="impor berkas SOP ke sebuah unit, atau sebuah bundel ke workshop",
    )
    i.add_argument("directory", metavar="FOLDER", help="folder workshop")
    i.add_argument("files", nargs="+", metavar="BERKAS", help="berkas SOP .yaml atau folder bundel")
    i.add_argument("--unit", metavar="NAMA", help="unit tujuan (wajib untuk berkas SOP)")

    d = sub.add_parser(
        "dokumen",
        help="atur kop dokumen resmi: baris pemerintah, baris unit, logo, kertas, alamat",
        description="Mengatur dokumen resmi sebuah workshop. Tanpa pilihan: menampilkan "
        "pengaturan yang berlaku.",
    )
    d.add_argument("directory", metavar="FOLDER", help="folder workshop")
    d.add_argument("--pemerintah", action="append", metavar="TEKS",
                   help="baris pemerintah pada kop (boleh berulang, satu per baris; \"\" "
                   "menghapus)")
    d.add_argument("--unit", metavar="NAMA", help="unit yang baris kopnya diatur dengan --baris")
    d.add_argument("--baris", action="append", metavar="TEKS",
                   help="baris kop unit itu (boleh berulang; \"\" kembali ke nama unit)")
    d.add_argument("--logo", metavar="BERKAS", help="gambar logo PNG atau JPEG")
    d.add_argument("--tanpa-logo", action="store_true", help="hapus logo")
    d.add_argument("--kertas", metavar="|".join(documents_papers()), help="ukuran kertas")
    d.add_argument("--alamat", metavar="TEKS", help="alamat pada sampul buku SOP")

    o = sub.add_parser("open", help="buka (atau buat) folder workshop di aplikasi")
    o.add_argument("directory", metavar="FOLDER")

    sub.add_parser("demo", help="buka salinan baru workshop contoh (demo)")

    s = sub.add_parser("serve", help="layani peserta lewat peramban (textual-serve)")
    s.add_argument("directory", metavar="FOLDER")
    s.add_argument("--host", default="127.0.0.1", help="alamat (bawaan: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (bawaan: 8000)")
    s.add_argument("--token", metavar="KODE",
                   help="kode rahasia di alamat peserta (bawaan: kode acak baru tiap kali)")
    s.add_argument("--max-peserta", type=int, metavar="N",
                   help="batas koneksi peserta sekaligus (bawaan: menurut memori, paling "
                        "banyak 60)")
    s.add_argument("--allow-origin", action="append", default=[], metavar="ASAL",
                   help="asal lain yang boleh membuka sesi, mis. alamat reverse proxy "
                        "https://sop.contoh.go.id (boleh diulang)")
    s.add_argument("--cert", metavar="BERKAS", help="sertifikat TLS (PEM) untuk HTTPS")
    s.add_argument("--key", metavar="BERKAS", help="kunci privat sertifikat TLS (PEM)")

    y = sub.add_parser(
        "sync",
        help="sinkronkan workshop lewat remote git (folder, file:// atau HTTP(S))",
        description="Menyimpan keadaan lokal, mengambil dari remote, menggabungkan per SOP dan "
        "per bidang, lalu mengirim. Status keluar: 0 selesai, 1 gagal (tidak ada yang diubah), "
        "3 ada konflik untuk dipilih.",
    )
    y.add_argument("directory", metavar="FOLDER", help="folder workshop (kosong: salin remote)")
    y.add_argument("remote", nargs="?", metavar="REMOTE", help="alamat remote (bawaan: yang "
                   "terakhir dipakai)")
    y.add_argument("--unit", metavar="NAMA", help="sinkron sebagai tim unit (PIN diminta)")
    y.add_argument("--pilih", action="append", metavar="KUNCI=lokal|remote",
                   help="pilihan untuk satu konflik")
    y.add_argument("--semua", choices=("lokal", "remote"), help="pilihan untuk semua konflik")
    y.add_argument("--buat-remote", action="store_true",
                   help="buat remote kosong di folder REMOTE bila belum ada (folder bersama)")

    pv = sub.add_parser(
        "provinsi",
        help="papan provinsi: baca remote banyak workshop (hanya baca), ekspor register",
        description="Membaca remote git banyak workshop tanpa mengubahnya, menampilkan papan "
        "per kabupaten/kota dan unit, lalu menulis provinsi.md, .html, .docx dan .pdf ke FOLDER.",
    )
    pv.add_argument("directory", metavar="FOLDER", help="folder provinsi (cache dan ekspor)")
    pv.add_argument("remotes", nargs="+", metavar="REMOTE", help="alamat remote workshop")
    return p


def _participant_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=f"sop-workshop {PARTICIPANT}")
    p.add_argument("directory", metavar="FOLDER")
    return p


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` parsed, with argparse speaking Bahasa (its help and errors end the process)."""
    with bahasa():
        if argv and argv[0] == PARTICIPANT:
            args = _participant_parser().parse_args(argv[1:])
            args.command = PARTICIPANT
            return args
        return _parser().parse_args(argv)


def _err(message: str) -> None:
    print(terminal_text(message), file=sys.stderr)


def documents_papers() -> list[str]:
    from workshop.docsettings import PAPERS

    return [p.key for p in PAPERS]


def _cmd_check(args: argparse.Namespace) -> int:
    from workshop import checkrun

    results = checkrun.check_paths([Path(p) for p in args.paths])
    if args.format == "json":
        text = json.dumps(checkrun.results_to_json(results), ensure_ascii=False, indent=2)
    else:
        text = checkrun.results_to_text(results)
    print(terminal_text(text))  # paths, titles and messages are data: no control characters
    return checkrun.exit_status(results)


def _cmd_not_ready(name: str) -> int:
    _err(f"Perintah '{name}' belum tersedia di versi ini.")
    return EXIT_ERRORS


def main(argv: Sequence[str] | None = None) -> int:
    portable.utf8_output()  # redirected output: UTF-8 and \n on every system
    args = parse(list(sys.argv[1:] if argv is None else argv))
    command: str | None = args.command
    try:
        if command == "check":
            return _cmd_check(args)
        if command == "export":
            from workshop import exporting

            return exporting.run_export(args)
        if command in ("new", "import", "dokumen"):
            from workshop import workshop_commands

            if command == "new":
                return workshop_commands.cmd_new(args)
            if command == "dokumen":
                return workshop_commands.cmd_documents(args)
            return workshop_commands.cmd_import(args)
        if command in (None, "open", "demo"):
            from workshop.tui import launch

            return launch.run(command, getattr(args, "directory", None))
        if command == "serve":
            from workshop import serve

            return serve.run(args.directory, host=args.host, port=args.port,
                             token=args.token, max_peserta=args.max_peserta,
                             allow_origins=tuple(args.allow_origin), cert=args.cert,
                             key=args.key)
        if command == "sync":
            from workshop.sync.commands import cmd_sync

            return cmd_sync(args)
        if command == "provinsi":
            from workshop.sync.commands import cmd_province

            return cmd_province(args)
        if command == PARTICIPANT:
            from workshop.tui.launch import run_participant

            return run_participant(args.directory)
    except KeyboardInterrupt:
        _err("Dibatalkan.")
        return EXIT_ERRORS
    return EXIT_OK

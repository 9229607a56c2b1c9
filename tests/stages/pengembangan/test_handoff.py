"""The keselarasan (hand-off) check across SOPs and units."""

from __future__ import annotations

from workshop.model import Classification, Sop, SopRecord, Step, Unit
from workshop.stages.pengembangan.handoff import HandoffFinding, check_handoffs, findings_for

SETDA = Unit(slug="setda", name="Sekretariat Daerah")
DINKES = Unit(slug="dinkes", name="Dinas Kesehatan")
CAPIL = Unit(slug="capil", name="Dinas Kependudukan")
KEC = Unit(slug="kec", name="Kecamatan Wonosobo")


def sop(title: str, steps: list[Step], related: list[str] | None = None,
        actors: list[str] | None = None) -> Sop:
    names = actors or sorted({s.actor for s in steps})
    return Sop(title=title, related=related or [], actors=names, steps=steps)


def rec(id: str, s: Sop, status: str = "disahkan", template: str = "") -> SopRecord:
    return SopRecord(id=id, sop=s, status=status, template=template)


def three_sops(related_a: list[str] | None = None,
               related_b: list[str] | None = None) -> list[SopRecord]:
    """A gives "Lembar disposisi" which B needs; C is unrelated."""
    a = sop("Pengelolaan Surat Masuk", [
        Step("Menerima surat", "Pengadministrasi", "start", ["Surat masuk"], "5 menit",
             "Surat diterima"),
        Step("Membuat lembar disposisi", "Kasubbag Umum", "process", ["Surat diterima"],
             "10 menit", "Lembar disposisi"),
        Step("Mengarsipkan surat", "Pengadministrasi", "end", ["Lembar disposisi"], "5 menit",
             "Arsip surat"),
    ], related_a)
    b = sop("Penindaklanjutan Disposisi", [
        Step("Menerima disposisi", "Sekretaris", "start", ["Lembar Disposisi."], "5 menit",
             "Disposisi diterima"),
        Step("Menindaklanjuti disposisi", "Kasubbag Program", "end", ["Disposisi diterima"],
             "1 hari", "Laporan tindak lanjut"),
    ], related_b)
    c = sop("Permintaan ATK", [
        Step("Mengisi formulir", "Pemohon", "start", ["Formulir"], "5 menit", "Formulir terisi"),
        Step("Menyerahkan ATK", "Pengurus Barang", "end", ["Formulir terisi"], "10 menit",
             "ATK diterima"),
    ])
    return [rec("sop-001", a), rec("sop-002", b), rec("sop-003", c)]


def messages(found: list[HandoffFinding]) -> list[tuple[str, str, str]]:
    return [(h.where.sop_id, h.finding.code, h.finding.message) for h in found]


def test_output_feeding_a_kelengkapan_asks_for_the_link_both_ways() -> None:
    found = check_handoffs([(SETDA, three_sops())])
    assert messages(found) == [
        ("sop-001", "handoff-unlinked",
         'Output "Lembar disposisi" (langkah 2) menjadi kelengkapan SOP '
         '"Penindaklanjutan Disposisi" di unit ini. Tambahkan "Penindaklanjutan Disposisi" ke '
         "Keterkaitan agar kedua SOP saling merujuk."),
        ("sop-002", "handoff-unlinked",
         'Kelengkapan "Lembar Disposisi." (langkah 1) adalah output SOP '
         '"Pengelolaan Surat Masuk" di unit ini. Tambahkan "Pengelolaan Surat Masuk" ke '
         "Keterkaitan agar kedua SOP saling merujuk."),
    ]
    assert all(h.finding.principle == "keselarasan" for h in found)
    assert all(h.finding.severity == "warning" for h in found)
    assert found[0].finding.step == 2 and found[0].finding.field == "related"
    assert [r.sop_id for r in found[0].others] == ["sop-002"]
    assert findings_for(found, "setda", "sop-003") == []


def test_a_link_on_one_side_leaves_only_the_other_side() -> None:
    found = check_handoffs([(SETDA, three_sops(related_a=["penindaklanjutan  disposisi"]))])
    assert [(h.where.sop_id, h.finding.code) for h in found] == [
        ("sop-002", "handoff-unlinked")]


def test_linked_both_ways_gives_no_finding() -> None:
    found = check_handoffs([(SETDA, three_sops(["Penindaklanjutan Disposisi"],
                                               ["Pengelolaan Surat Masuk"]))])
    assert found == []


def test_handoff_across_units_names_the_unit() -> None:
    records = three_sops()
    found = check_handoffs([(SETDA, records[:1]), (DINKES, records[1:])])
    assert found[0].finding.message.startswith(
        'Output "Lembar disposisi" (langkah 2) menjadi kelengkapan SOP '
        '"Penindaklanjutan Disposisi" di unit Dinas Kesehatan.')
    assert found[1].where.unit == "dinkes"
    assert "di unit Sekretariat Daerah." in found[1].finding.message


def test_copies_of_one_sop_do_not_hand_off_to_each_other() -> None:
    a = three_sops()[0]
    found = check_handoffs([(SETDA, [a]), (DINKES, [rec("sop-001", a.sop)])])
    assert [h for h in found if h.finding.code == "handoff-unlinked"] == []


def test_retired_sops_take_no_part() -> None:
    records = three_sops()
    records[1].status = "dicabut"
    assert check_handoffs([(SETDA, records)]) == []


def test_related_entry_naming_no_sop_of_the_workshop() -> None:
    records = three_sops(["Penindaklanjutan Disposisi", "Pengelolaan Surat Keluar",
                          "Permintaan  ATK.", "Permintaan ATKK"],
                         ["Pengelolaan Surat Masuk"])
    found = check_handoffs([(SETDA, records)])
    assert messages(found) == [
        ("sop-001", "related-not-in-workshop",
         'Keterkaitan "Pengelolaan Surat Keluar" tidak menyebut SOP mana pun di workshop ini. '
         "Periksa penulisan judulnya, atau susun SOP tersebut."),
        ("sop-001", "related-not-in-workshop",
         'Keterkaitan "Permintaan ATKK" tidak menyebut SOP mana pun di workshop ini. Mungkin '
         'maksudnya "Permintaan ATK"?'),
    ]


def test_related_entry_naming_a_retired_sop() -> None:
    records = three_sops(["Penindaklanjutan Disposisi", "Permintaan ATK"],
                         ["Pengelolaan Surat Masuk"])
    records[2].status = "dicabut"
    found = check_handoffs([(SETDA, records)])
    assert messages(found) == [
        ("sop-001", "related-not-in-workshop",
         'Keterkaitan "Permintaan ATK" menunjuk SOP yang sudah dicabut. Hapus dari '
         "Keterkaitan atau ganti dengan SOP penggantinya."),
    ]


def pindah(title: str, clerk: str, head: str) -> Sop:
    return sop(title, [
        Step("Menerima permohonan", clerk, "start", ["Formulir F-1.03"], "5 menit",
             "Permohonan diterima"),
        Step("Menandatangani surat keterangan pindah", head, "process",
             ["Permohonan diterima"], "1 hari", "Surat Keterangan Pindah"),
        Step("Menyerahkan surat", "Pemohon", "end", ["Surat keterangan pindah"], "5 menit",
             "Surat diterima pemohon"),
    ])


def test_same_output_to_the_same_position_in_two_units_is_an_overlap() -> None:
    capil = rec("sop-001", pindah("Penerbitan Surat Keterangan Pindah", "Petugas Loket",
                                  "Kepala Dinas"))
    kec = rec("sop-004", pindah("Pelayanan Surat Pindah", "Petugas PATEN", "Camat"))
    found = [h for h in check_handoffs([(CAPIL, [capil]), (KEC, [kec])])
             if h.finding.code == "overlap-units"]
    assert messages(found) == [
        ("sop-001", "overlap-units",
         'Tumpang tindih: langkah 2 memberikan "Surat Keterangan Pindah" kepada Pemohon, sama '
         'dengan SOP "Pelayanan Surat Pindah" di unit Kecamatan Wonosobo. Sepakati unit mana '
         "yang menjalankannya."),
        ("sop-004", "overlap-units",
         'Tumpang tindih: langkah 2 memberikan "Surat Keterangan Pindah" kepada Pemohon, sama '
         'dengan SOP "Penerbitan Surat Keterangan Pindah" di unit Dinas Kependudukan. '
         "Sepakati unit mana yang menjalankannya."),
    ]
    assert found[0].finding.field == "steps.2.output"


def test_general_sops_repeated_in_every_unit_are_not_overlaps() -> None:
    one = pindah("Pelayanan Surat Pindah", "Petugas", "Kepala")
    two = pindah("Pelayanan Surat Pindah", "Petugas", "Kepala")
    by_template = check_handoffs([(CAPIL, [rec("a", one, template="pindah")]),
                                  (KEC, [rec("b", two, template="pindah")])])
    assert [h for h in by_template if h.finding.code == "overlap-units"] == []
    one.classification = Classification(generality="generik")
    two.classification = Classification(generality="generik")
    generic = check_handoffs([(CAPIL, [rec("a", one)]), (KEC, [rec("b", two)])])
    assert [h for h in generic if h.finding.code == "overlap-units"] == []


def test_same_output_in_one_unit_only_is_no_overlap() -> None:
    one = rec("a", pindah("Surat Pindah A", "Petugas", "Kepala"))
    two = rec("b", pindah("Surat Pindah B", "Petugas", "Kepala"))
    found = check_handoffs([(CAPIL, [one, two])])
    assert [h for h in found if h.finding.code == "overlap-units"] == []


def test_many_units_are_summarised_in_one_message() -> None:
    units = [(Unit(slug=f"u{i}", name=f"Unit {i}"),
              [rec("s", pindah(f"Surat Pindah {i}", "Petugas", "Kepala"))]) for i in range(6)]
    found = [h for h in check_handoffs(units) if h.finding.code == "overlap-units"]
    assert len(found) == 6
    assert found[0].finding.message == (
        'Tumpang tindih: langkah 1 memberikan "Permohonan diterima" kepada Kepala, sama dengan '
        'SOP "Surat Pindah 1" di unit Unit 1, "Surat Pindah 2" di unit Unit 2, "Surat Pindah 3" '
        "di unit Unit 3 dan 2 SOP lain. Sepakati unit mana yang menjalankannya.")
    assert len(found[0].others) == 3


def test_a_common_document_is_not_a_handoff() -> None:
    """ "Surat" given and needed by many SOPs links none of them in particular."""
    records = [rec(f"s{i}", sop(f"SOP {i}", [
        Step("Menerima surat", "Petugas", "start", ["Surat"], "5 menit", "Surat"),
        Step("Mengarsipkan", "Petugas", "end", ["Arsip"], "5 menit", "Arsip"),
    ])) for i in range(10)]
    assert [h for h in check_handoffs([(SETDA, records)])
            if h.finding.code == "handoff-unlinked"] == []


def test_numbers_in_texts_tell_documents_apart() -> None:
    give = sop("Pendaftaran", [Step("Mengisi formulir", "Pemohon", "start", [], "5 menit",
                                    "Formulir F-1.03")])
    take = sop("Penerbitan", [Step("Memeriksa formulir", "Petugas", "start",
                                   ["Formulir F-1.07"], "5 menit", "Berkas")])
    assert check_handoffs([(SETDA, [rec("a", give), rec("b", take)])]) == []
    take.steps[0].requirements = ["formulir f 1 03"]
    found = check_handoffs([(SETDA, [rec("a", give), rec("b", take)])])
    assert [(h.where.sop_id, h.finding.code) for h in found] == [
        ("a", "handoff-unlinked"), ("b", "handoff-unlinked")]


def test_an_sop_making_the_text_itself_does_not_receive_it() -> None:
    records = three_sops()
    b = records[1].sop
    b.steps.insert(0, Step("Menyusun lembar disposisi", "Sekretaris", "start", ["Surat"],
                           "5 menit", "Lembar disposisi"))
    b.steps[1].kind = "process"
    found = check_handoffs([(SETDA, records)])
    assert [(h.where.sop_id, h.finding.code) for h in found] == []


def test_two_middles_sharing_a_phrase_are_no_handoff() -> None:
    def middle(title: str, shared_in: bool) -> Sop:
        return sop(title, [
            Step("Menerima berkas", "Petugas", "start", ["Berkas"], "5 menit", "Berkas diterima"),
            Step("Mencatat permohonan", "Petugas", "process", ["Berkas diterima"], "5 menit",
                 "Permohonan tercatat" if not shared_in else "Catatan"),
            Step("Memproses", "Kepala", "process",
                 ["Permohonan tercatat"] if shared_in else ["Catatan"], "5 menit", "Hasil"),
            Step("Menyerahkan hasil", "Petugas", "end", ["Hasil"], "5 menit", f"{title} selesai"),
        ])
    found = check_handoffs([(SETDA, [rec("a", middle("Izin Keramaian", False)),
                                     rec("b", middle("Cuti Pegawai", True))])])
    assert [h for h in found if h.finding.code == "handoff-unlinked"] == []


def test_a_rejection_branch_is_no_overlap() -> None:
    def service(title: str) -> Sop:
        return sop(title, [
            Step("Menerima berkas", "Petugas", "start", ["Berkas"], "5 menit", "Berkas"),
            Step("Apakah berkas lengkap?", "Petugas", "decision", if_no=4),
            Step(f"Menerbitkan {title}", "Kepala", "end", ["Berkas"], "1 hari", title),
            Step("Mengembalikan berkas", "Petugas", "end", ["Berkas"], "5 menit",
                 "Pemohon mengetahui kekurangan berkas"),
        ])
    found = check_handoffs([(CAPIL, [rec("a", service("Kartu Keluarga"))]),
                            (DINKES, [rec("b", service("Izin Praktik"))])])
    assert [h for h in found if h.finding.code == "overlap-units"] == []

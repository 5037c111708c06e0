"""Unpacking archives: flat, de-duplicated, and refusing traversal, links, encryption and
bombs without leaving anything behind."""

from __future__ import annotations

import gzip
import stat
import zipfile
from pathlib import Path

import pytest

from resources.sources import SourceError, unpack

MB = 1_000_000


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def refused(path: Path, dest: Path, **limits) -> SourceError:
    limits.setdefault("max_total_bytes", 100 * MB)
    with pytest.raises(SourceError) as info:
        unpack(path, path.name, dest, **limits)
    assert list(dest.iterdir()) == []
    return info.value


@pytest.fixture
def dest(tmp_path) -> Path:
    out = tmp_path / "dest"
    out.mkdir()
    return out


def test_members_are_extracted_flat_skipping_folders_mac_and_dot_files(tmp_path, dest):
    path = make_zip(
        tmp_path / "upload.zip",
        {
            "data/": b"",
            "data/event.txt": b"id\n1\n",
            "data/sub/occurrence.txt": b"id\n2\n",
            "__MACOSX/data/._event.txt": b"junk",
            "data/.DS_Store": b"junk",
            "meta.xml": b"<a/>",
        },
    )
    files = unpack(path, "upload.zip", dest, max_total_bytes=MB)
    assert [f.name for f in files] == ["event.txt", "occurrence.txt", "meta.xml"]
    assert all(f.parent == dest for f in files)
    assert (dest / "occurrence.txt").read_bytes() == b"id\n2\n"


def test_same_names_in_different_folders_do_not_overwrite_each_other(tmp_path, dest):
    (dest / "event.txt").write_text("already here")
    path = make_zip(tmp_path / "upload.zip", {"a/event.txt": b"A", "b/event.txt": b"B"})
    files = unpack(path, "upload.zip", dest, max_total_bytes=MB)
    assert [f.name for f in files] == ["event_2.txt", "event_3.txt"]
    assert [f.read_text() for f in files] == ["A", "B"]
    assert (dest / "event.txt").read_text() == "already here"


@pytest.mark.parametrize(
    "evil",
    [
        "../evil.txt",
        "data/../../evil.txt",
        "/etc/evil.txt",
        "\\windows\\evil.txt",
        "C:/evil.txt",
        "data\\..\\..\\evil.txt",
    ],
)
def test_traversal_and_absolute_paths_are_refused_before_anything_is_written(tmp_path, dest, evil):
    path = make_zip(tmp_path / "evil.zip", {"good.txt": b"fine", evil: b"owned"})
    error = refused(path, dest)
    assert (error.code, error.file) == ("source:zip-unsafe", "evil.zip")
    assert repr(evil) in error.message
    assert not (tmp_path / "evil.txt").exists()


def test_symbolic_links_are_refused(tmp_path, dest):
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo("passwd")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    assert refused(path, dest).code == "source:zip-unsafe"


def test_encrypted_members_are_refused(tmp_path, dest):
    path = make_zip(tmp_path / "secret.zip", {"event.txt": b"id\n1\n"})
    data = bytearray(path.read_bytes())
    # Set the "encrypted" flag bit, as a password-protected zip does, in both headers
    # (zipfile cannot write encrypted members).
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(signature) + offset] |= 0x1
    path.write_bytes(bytes(data))
    error = refused(path, dest)
    assert error.code == "source:encrypted"
    assert "without a password" in error.message


def _zeros_zip(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("zeros.txt", "w") as f:
        chunk = b"\0" * MB
        for _ in range(size // MB):
            f.write(chunk)
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """200 MB of zeros, about 200 KB compressed."""
    return _zeros_zip(tmp_path_factory.mktemp("bomb") / "bomb.zip", 200 * MB)


def test_zip_bomb_is_refused_by_total_size(bomb, dest):
    assert bomb.stat().st_size < 1 * MB
    error = refused(bomb, dest, max_total_bytes=50 * MB, max_ratio=10_000)
    assert error.code == "source:zip-bomb"
    assert "more than 50 MB" in error.message


def test_zip_bomb_is_refused_by_ratio(bomb, dest):
    error = refused(bomb, dest, max_total_bytes=10_000 * MB)
    assert error.code == "source:zip-bomb"
    assert "expands more than 100 times" in error.message


def test_declared_sizes_that_lie_do_not_get_past(tmp_path, dest):
    path = _zeros_zip(tmp_path / "liar.zip", 20 * MB)
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")  # "1000 bytes unpacked"
    path.write_bytes(bytes(data))
    error = refused(path, dest, max_total_bytes=5 * MB, max_ratio=10_000)
    # zipfile stops at the declared size, then the checksum of the 20 MB member fails.
    assert error.code == "source:format"
    assert "damaged (Bad CRC-32 for file 'zeros.txt')" in error.message


def test_gzip_bomb_is_stopped_while_counting_bytes(tmp_path, dest):
    path = tmp_path / "event.txt.gz"
    with gzip.open(path, "wb") as f:
        for _ in range(60):
            f.write(b"\0" * MB)
    error = refused(path, dest, max_total_bytes=20 * MB, max_ratio=1_000_000)
    assert (error.code, error.file) == ("source:zip-bomb", "event.txt.gz")


def test_too_many_members_are_refused(tmp_path, dest):
    path = make_zip(tmp_path / "many.zip", {"f%d.txt" % i: b"x" for i in range(20)})
    error = refused(path, dest, max_members=10)
    assert error.code == "source:zip-bomb"
    assert "20 entries, more than 10" in error.message


def test_gzip_unpacks_to_the_name_without_gz(tmp_path, dest):
    path = tmp_path / "occurrence.txt.gz"
    path.write_bytes(gzip.compress(b"id\n1\n"))
    files = unpack(path, "occurrence.txt.gz", dest, max_total_bytes=MB)
    assert [f.name for f in files] == ["occurrence.txt"]
    assert files[0].read_bytes() == b"id\n1\n"


def test_damaged_gzip_leaves_nothing(tmp_path, dest):
    path = tmp_path / "event.txt.gz"
    path.write_bytes(gzip.compress(b"id\n1\n" * 1000)[:-30])
    assert refused(path, dest).code == "source:format"


def test_a_file_that_is_no_archive_is_refused(tmp_path, dest):
    path = tmp_path / "event.txt"
    path.write_text("id\n1\n")
    assert refused(path, dest).code == "source:format"

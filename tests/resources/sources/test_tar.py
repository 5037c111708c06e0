"""Unpacking tar archives (plain, .tar.gz, .tgz) with the zip rules: folders kept or
flattened, and traversal, links, bombs and damage refused with nothing left behind."""

from __future__ import annotations

import gzip
import io
import os
import tarfile
from pathlib import Path

import pytest

from resources.sources import SourceError, unpack
from resources.sources.archive import unpack_tree
from resources.sources.detect import detect_format
from resources.sources.tar import is_tar

MB = 1_000_000
MTIME = 1_600_000_000


def make_tar(path: Path, members: dict[str, bytes | tarfile.TarInfo]) -> Path:
    """A tar (gzip-compressed when the name says so) of files, or of the headers given."""
    mode = "w:gz" if path.name.endswith(("gz", "tgz")) else "w"
    with tarfile.open(path, mode, format=tarfile.PAX_FORMAT) as tf:
        for name, data in members.items():
            if isinstance(data, tarfile.TarInfo):
                tf.addfile(data)
                continue
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), MTIME
            tf.addfile(info, io.BytesIO(data))
    return path


def link(name: str, target: str, kind: bytes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info


def refused_tree(path: Path, dest: Path, **limits) -> SourceError:
    limits.setdefault("max_total_bytes", 100 * MB)
    with pytest.raises(SourceError) as caught:
        unpack_tree(path, dest, **limits)
    assert [p for p in dest.rglob("*") if p.is_file()] == []
    return caught.value


@pytest.fixture
def dest(tmp_path) -> Path:
    return tmp_path / "dest"


@pytest.mark.parametrize("name", ["dwca.tar.gz", "dwca.tgz", "dwca.tar"])
def test_tar_is_unpacked_keeping_folders_and_times(tmp_path, dest, name):
    members = {"dwca/meta.xml": b"<archive/>", "dwca/data/event.txt": b"id\n1\n"}
    path = make_tar(tmp_path / name, {**members, "dwca/.hidden": b"x"})
    files = unpack_tree(path, dest, max_total_bytes=MB)
    assert [f.relative_to(dest).as_posix() for f in files] == list(members)
    assert (dest / "dwca/data/event.txt").read_bytes() == b"id\n1\n"
    assert os.path.getmtime(dest / "dwca/meta.xml") == MTIME


def test_tar_gz_upload_is_unpacked_flat_not_to_one_tar_file(tmp_path, dest):
    path = make_tar(tmp_path / "upload.tar.gz", {"a/event.txt": b"A", "b/event.txt": b"B"})
    dest.mkdir()
    files = unpack(path, "upload.tar.gz", dest, max_total_bytes=MB)
    assert [(f.name, f.read_bytes()) for f in files] == [("event.txt", b"A"), ("event_2.txt", b"B")]


def test_plain_tar_is_detected_as_an_archive_not_a_binary_file(tmp_path):
    path = make_tar(tmp_path / "upload.tar", {"event.txt": b"id\n1\n"})
    assert detect_format(path, "upload.tar") == "tar"
    assert is_tar(path) and is_tar(make_tar(tmp_path / "u.tgz", {"e.txt": b"1"}))
    (tmp_path / "e.txt.gz").write_bytes(gzip.compress(b"id\n1\n"))
    assert not is_tar(tmp_path / "e.txt.gz")


@pytest.mark.parametrize("evil", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt"])
def test_tar_member_outside_the_archive_is_refused_before_anything_is_written(tmp_path, dest, evil):
    path = make_tar(tmp_path / "evil.tar.gz", {"first.txt": b"ok", evil: b"x"})
    error = refused_tree(path, dest)
    assert error.code == "source:zip-unsafe" and evil in error.message
    assert not (tmp_path / "evil.txt").exists()


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE], ids=["symbolic", "hard"])
def test_tar_links_are_refused(tmp_path, dest, kind):
    members = {"first.txt": b"ok", "passwd": link("passwd", "/etc/passwd", kind)}
    error = refused_tree(make_tar(tmp_path / "links.tgz", members), dest)
    assert error.code == "source:zip-unsafe" and "'passwd' is a link" in error.message


def test_tar_with_too_many_members_is_refused(tmp_path, dest):
    path = make_tar(tmp_path / "many.tar", {"f%d.txt" % i: b"x" for i in range(20)})
    error = refused_tree(path, dest, max_members=10)
    assert error.code == "source:zip-bomb" and "more than 10 entries" in error.message


def test_tar_larger_than_the_limit_unpacked_is_refused(tmp_path, dest):
    path = make_tar(tmp_path / "big.tar.gz", {"a.txt": b"\0" * MB, "b.txt": b"\0" * MB})
    error = refused_tree(path, dest, max_total_bytes=MB + 10, max_ratio=1_000_000)
    assert error.code == "source:zip-bomb" and error.file == "big.tar.gz"


def test_huge_pax_header_is_refused_before_it_is_read(tmp_path, dest):
    info = tarfile.TarInfo("a.txt")
    info.pax_headers = {"comment": "x" * (2 * MB)}
    path = make_tar(tmp_path / "pax.tar", {"a.txt": info})
    assert refused_tree(path, dest).code == "source:zip-bomb"


def test_damaged_tar_gz_leaves_nothing(tmp_path, dest):
    path = make_tar(tmp_path / "cut.tar.gz", {"a.txt": os.urandom(50_000)})
    path.write_bytes(path.read_bytes()[:-20_000])
    assert refused_tree(path, dest).code == "source:format"

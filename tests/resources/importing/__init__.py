"""Tests of creating resources from archives and IPT folders."""

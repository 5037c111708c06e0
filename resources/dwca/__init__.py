"""Writing Darwin Core Archives: data files, meta.xml, checks and the publication report.

Django-free. The entry point is :func:`resources.dwca.build.build_archive`, which streams
the mapped rows of every archive file through the row checks and the id index into a zip
whose deflate runs in a second thread, and returns counts and the report.
"""

DJANGO_FREE = True

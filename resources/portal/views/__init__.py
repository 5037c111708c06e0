"""Views of the public side; thin: find what the viewer may see, render or serve it."""

"""One module per figure (or per set of figures that share their runs); see bench/__init__."""

"""Running read → extract → validate over many files: a local process pool or Dask."""

"""Domain rules: validation and the meaning of the data, free of HTTP and SQL."""

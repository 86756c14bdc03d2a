"""``itsmkit site``: a static HTML site of the SMS that opens from the file system."""

"""The local web form (``notices serve``): a room of its own on top of records → compose → writers."""

"""The client side of remote sessions."""

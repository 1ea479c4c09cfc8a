"""Cruscotto: planning and control for Italian local governments."""

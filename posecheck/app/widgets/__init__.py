"""Qt widgets of the live view. They paint what they are given and hold no exercise logic."""

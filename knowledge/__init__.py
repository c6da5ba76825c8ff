"""The privacy policy as validated data, and the answer engine that matches questions to it."""

"""The detectors. Each module registers its classes with `anonymiser.registry.register`;
importing this package registers them all (the registry does so on first use)."""
from . import addresses, contacts, context, fullnames, initials, institutions, joined_places, lowercase_places, month_places, ner, propernoun, roads, single_letters, speakers, terms  # noqa: F401

"""Retrieval: catalogs, embeddings, the Chroma store, candidate sources and their fusion.

This layer never talks to an LLM.
"""

from pickwise.retrieval.catalog import Catalog, CatalogInfo, IngestReport
from pickwise.retrieval.constraints import AnyOf, Constraint, NoneOf, Range, parse_where
from pickwise.retrieval.embeddings import SentenceEmbeddings, VectorEmbeddings
from pickwise.retrieval.items import CatalogSpec, Item
from pickwise.retrieval.recommender import Recommendation, Request, Signal

__all__ = [
    "AnyOf",
    "Catalog",
    "CatalogInfo",
    "CatalogSpec",
    "Constraint",
    "IngestReport",
    "Item",
    "NoneOf",
    "Range",
    "Recommendation",
    "Request",
    "SentenceEmbeddings",
    "Signal",
    "VectorEmbeddings",
    "parse_where",
]

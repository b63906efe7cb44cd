"""The store's vocabulary without SQL: the rows it returns, the queries it takes, the errors it
raises. Plain frozen dataclasses, enums and exceptions; nothing here imports SQLAlchemy.

Widgets, documents and screens take their types from here and never from `store`, so showing a
row does not load the database engine, and a second storage engine returns the same records.
"""

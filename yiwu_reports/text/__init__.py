"""Text: Chinese script (traditional characters, position for position to simplified), a cell's
HTML fragments as paragraphs and list items, and the quotation marks of every generated text.

The lowest floor: it imports nothing else of the package, and every stage may use its modules.
"""

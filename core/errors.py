class Conflict(Exception):
    """An action the record's current state does not allow (the API answers 409).

    Services raise it; bad input is a ValidationError instead (the API answers 400).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Throttled(Exception):
    """Too many of one action in a period (the API and the pages answer 429)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

class Conflict(Exception):
    """An action the record's current state does not allow (the API answers 409).

    Services raise it; bad input is a ValidationError instead (the API answers 400).
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message

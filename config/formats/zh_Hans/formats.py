# Numbers as the bureau's tables print them: 12,345.67 (Django's zh_Hans has no thousands
# separator). Used where a template asks for grouping (intcomma, floatformat:"2g"); every
# other format comes from Django's zh_Hans module.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

"""`__in` on integer columns with numbers the column cannot hold.

Django already answers `pk=2**64` with "no such row" (its exact/gt/lt lookups check the backend's
range); `pk__in=[2**64]` reached SQLite and raised OverflowError, so a form's multiple choice
(ModelMultipleChoiceField) with a tampered id was a server error. This `in` drops the values outside
the column's range: they match no row, as for the other lookups.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)

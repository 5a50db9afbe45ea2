"""Support reports beyond the gap report: service and KCS metrics, charts, the weekly digest."""

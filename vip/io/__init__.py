"""The boundaries floor: YAML rules and profiles in and out, bookings exports, the store. Imports
only `vip.model`.
"""

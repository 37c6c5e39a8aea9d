"""The presentation floor: words and figures for people (English and Dutch), JSON, text tables
and reports. Imports `vip.calc` and `vip.io`, never decides eligibility.
"""

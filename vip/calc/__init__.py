"""The calculations floor: eligibility, costing, the return over a horizon, what-ifs and compare,
the plan search, break-even, rebate at risk and the edition diff. Imports only `vip.model`; never
words a sentence (that is `vip.present`).
"""

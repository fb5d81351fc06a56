"""Compensation pages: schemes (projects), a household's appraisals and agreements, the
agreements themselves, the appraisal import and the signing campaign."""

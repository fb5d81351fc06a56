from django.urls import path

from compensation.views import agreements, campaign, imports, ledger, lotteries, payments, schemes

app_name = "compensation"

urlpatterns = [
    path("projects/<int:project_pk>/", schemes.project_compensation, name="project"),
    path("projects/<int:project_pk>/schemes/new/", schemes.scheme_new, name="scheme_new"),
    path("projects/<int:project_pk>/campaign/", campaign.project_campaign, name="campaign"),
    path("projects/<int:project_pk>/teams/", campaign.team_add, name="team_add"),
    path("projects/<int:project_pk>/assign/", campaign.households_assign, name="assign"),
    path(
        "districts/<int:district_pk>/campaign/",
        campaign.district_campaign,
        name="district_campaign",
    ),
    path("schemes/<int:pk>/", schemes.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/items/new/", schemes.scheme_item, name="scheme_item_new"),
    path("schemes/<int:pk>/items/<int:item_pk>/", schemes.scheme_item, name="scheme_item"),
    path(
        "schemes/<int:pk>/items/<int:item_pk>/delete/",
        schemes.scheme_item_delete,
        name="scheme_item_delete",
    ),
    path("schemes/<int:pk>/approve/", schemes.scheme_approve, name="scheme_approve"),
    path("households/<int:household_pk>/", agreements.household_compensation, name="household"),
    path(
        "households/<int:household_pk>/appraisals/",
        agreements.appraisal_add,
        name="appraisal_add",
    ),
    path(
        "households/<int:household_pk>/agreements/",
        agreements.agreement_add,
        name="agreement_add",
    ),
    path("agreements/", agreements.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/review/", agreements.agreement_review, name="agreement_review"),
    path("agreements/<int:pk>/sign/", agreements.agreement_sign, name="agreement_sign"),
    path("agreements/<int:pk>/void/", agreements.agreement_void, name="agreement_void"),
    path("agreements/<int:pk>/print/", agreements.agreement_print, name="agreement_print"),
    path("appraisals/import/", imports.appraisal_import, name="appraisal_import"),
    path("households/<int:household_pk>/statement/", ledger.statement, name="statement"),
    path("households/<int:household_pk>/entries/", ledger.entry_add, name="entry_add"),
    path("entries/<int:pk>/approve/", ledger.entry_approve, name="entry_approve"),
    path("entries/<int:pk>/reverse/", ledger.entry_reverse, name="entry_reverse"),
    path("entries/<int:pk>/discard/", ledger.entry_discard, name="entry_discard"),
    path("households/<int:household_pk>/payee/", ledger.payee_account_save, name="payee_save"),
    path("households/<int:household_pk>/hand-over/", ledger.hand_over, name="hand_over"),
    path("projects/<int:project_pk>/ledger/", payments.project_ledger, name="ledger"),
    path("projects/<int:project_pk>/runs/", payments.payment_run_add, name="run_add"),
    path("runs/<int:pk>/", payments.payment_run, name="run"),
    path("runs/<int:pk>/approve/", payments.payment_run_approve, name="run_approve"),
    path("runs/<int:pk>/cancel/", payments.payment_run_cancel, name="run_cancel"),
    path("runs/<int:pk>/sheet/", payments.payment_run_sheet, name="run_sheet"),
    path("runs/<int:pk>/results/", payments.payment_run_results, name="run_results"),
    path("projects/<int:project_pk>/lotteries/", lotteries.project_lotteries, name="lotteries"),
    path(
        "projects/<int:project_pk>/lotteries/freeze/",
        lotteries.lottery_freeze,
        name="lottery_freeze",
    ),
    path("lotteries/<int:pk>/", lotteries.lottery_detail, name="lottery"),
    path("lotteries/<int:pk>/draw/", lotteries.lottery_draw, name="lottery_draw"),
    path("lotteries/<int:pk>/list/", lotteries.lottery_list_file, name="lottery_list"),
    path("lotteries/<int:pk>/print/", lotteries.lottery_print, name="lottery_print"),
]

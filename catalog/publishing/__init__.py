"""Publish data packages to a CKAN catalog: plan the difference, then apply it through ckanapi.

    from catalog.publishing import apply_plan, dataset_history, open_target, plan_publish

    with open_target(None, home=".catalog-home") as target:   # or open_target("https://...", home=...)
        plan = plan_publish(target, "datapackages/phuket-pao/egp_contract")
        print(plan.text("th"))
        result = apply_plan(target, plan)
        print(dataset_history(target, plan.name).text("th"))   # every version with its permanent links
"""

from catalog.publishing.apply import PublishError, PublishResult, apply_plan
from catalog.publishing.history import DatasetHistory, dataset_history
from catalog.publishing.plan import plan_publish
from catalog.publishing.plans import Plan, ResourcePlan
from catalog.publishing.targets import Target, TargetError, embedded_target, open_target, remote_target

__all__ = ["DatasetHistory", "Plan", "PublishError", "PublishResult", "ResourcePlan", "Target", "TargetError",
           "apply_plan", "dataset_history", "embedded_target", "open_target", "plan_publish", "remote_target"]

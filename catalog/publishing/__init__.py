"""Publish data packages to a CKAN catalog: plan the difference, then apply it through ckanapi.

    from catalog.publishing import apply_plan, open_target, plan_publish

    with open_target(None, home=".catalog-home") as target:   # or open_target("https://...", home=...)
        plan = plan_publish(target, "datapackages/phuket-pao/egp_contract")
        print(plan.text("th"))
        result = apply_plan(target, plan)
"""

from catalog.publishing.apply import PublishError, PublishResult, apply_plan
from catalog.publishing.plan import Plan, ResourcePlan, plan_publish
from catalog.publishing.targets import Target, TargetError, embedded_target, open_target, remote_target

__all__ = ["Plan", "PublishError", "PublishResult", "ResourcePlan", "Target", "TargetError", "apply_plan",
           "embedded_target", "open_target", "plan_publish", "remote_target"]

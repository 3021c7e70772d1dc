"""The embedded catalog as a target: no server to run, nothing to configure, a token that lives only as
long as the publish."""

from __future__ import annotations

from sqlalchemy import select

from catalog.publishing import apply_plan, embedded_target, plan_publish
from catalog.publishing.targets import PUBLISHER
from catalog.server.store import Store, tables
from tests.publishing.conftest import small_package


def test_a_new_home_is_made_for_gd_catalog_packages_and_published_into(tmp_path, egp_package):
    home = tmp_path / "home"
    with embedded_target(home) as target:
        assert target.embedded and target.dataset_schema == "gdc" and target.create_organizations
        result = apply_plan(target, plan_publish(target, egp_package))
        # the catalog writes links under its own address (`catalog serve`), not the loopback port used here
        assert result.dataset_url == "http://127.0.0.1:8700/dataset/phuket-pao-egp-contract"
        assert result.datapackage_url.startswith(f"http://127.0.0.1:8700/dataset/{result.dataset['id']}/version/")
        assert target.ckan.address != "http://127.0.0.1:8700"
    store = Store(home)
    with store.read() as conn:
        assert [row.name for row in conn.execute(select(tables.package.c.name))] == ["phuket-pao-egp-contract"]
        publisher = conn.execute(select(tables.user).where(tables.user.c.name == PUBLISHER)).one()
        tokens = conn.execute(select(tables.api_token).where(tables.api_token.c.user_id == publisher.id)).all()
    assert publisher.sysadmin and len(tokens) == 1 and tokens[0].revoked  # the token lived for the publish only
    store.dispose()


def test_an_existing_home_keeps_its_dataset_schema(tmp_path):
    home = tmp_path / "home"
    Store(home).dispose()  # made by `catalog serve` or `catalog admin`: the stock CKAN schema
    package = small_package(tmp_path / "bangkok-air", rows=[("1", "Din Daeng", "41.5")])
    with embedded_target(home) as target:
        assert target.dataset_schema == "ckan"
        apply_plan(target, plan_publish(target, package))
    with embedded_target(home) as target:
        assert not plan_publish(target, package).changed


def test_a_dry_run_against_a_home_not_yet_made_leaves_no_home(tmp_path, egp_package):
    home = tmp_path / "home"
    with embedded_target(home, dry_run=True) as target:
        plan = plan_publish(target, egp_package)
        assert plan.create and plan.create_organization and plan.target == str(home)
    assert not home.exists()

"""The catalog answers the real ckanapi client like CKAN does."""

import io

import ckanapi
import httpx
import pytest


def test_create_upload_and_download_a_dataset(catalog_server):
    ckan = catalog_server.ckan(catalog_server.sysadmin_token)
    ckan.action.organization_create(name="phuket-pao", title="องค์การบริหารส่วนจังหวัดภูเก็ต")
    pkg = ckan.action.package_create(name="egp-2568", title="สัญญาจัดซื้อจัดจ้าง 2568", owner_org="phuket-pao")
    resource = ckan.action.resource_create(package_id=pkg["id"], name="egp.csv",
                                           upload=("egp.csv", io.BytesIO(b"a,b\n1,2\n")))
    assert resource["url_type"] == "upload" and resource["size"] == 8
    assert httpx.get(resource["url"]).content == b"a,b\n1,2\n"
    shown = ckan.action.package_show(id="egp-2568")
    assert shown["organization"]["name"] == "phuket-pao"
    assert shown["num_resources"] == 1


def test_an_unknown_dataset_is_not_found_and_anonymous_cannot_write(catalog_server):
    with pytest.raises(ckanapi.NotFound):
        catalog_server.ckan().action.package_show(id="nope")
    with pytest.raises(ckanapi.NotAuthorized):
        catalog_server.ckan("not-a-token").action.package_create(name="x1")

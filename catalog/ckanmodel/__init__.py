"""The one mapping between a Frictionless Data Package and a CKAN dataset dict, both ways.

The publisher turns a package into a dataset (`package_to_dataset`); the embedded catalog and the
harvester turn a dataset back into a package (`dataset_to_package`). A round trip package -> dataset ->
package loses nothing: what CKAN has no field for travels as an extra whose value is JSON text.
"""

from catalog.ckanmodel.dataset import dataset_to_package, package_to_dataset

__all__ = ["dataset_to_package", "package_to_dataset"]

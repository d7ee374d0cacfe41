"""Cinder's FakeLoggingVolumeDriver, able to extend volumes too.

The fake driver (``cinder.tests.fake_driver``) makes every API call, the scheduler, RPC, quotas and the
status machine real while storing no data; its ``extend_volume`` is LVM's, which calls a method its
fake volume group lacks (the volume goes to ``error_extending``). Here an extend only logs, like the
driver's other calls. up.sh puts this directory on cinder-volume's PYTHONPATH.
"""
from cinder.tests import fake_driver
from cinder.volume import volume_utils


class TrackFakeVolumeDriver(fake_driver.FakeLoggingVolumeDriver):
    """FakeLoggingVolumeDriver whose extend succeeds without storage."""

    @volume_utils.trace_method
    def extend_volume(self, volume, new_size):
        pass

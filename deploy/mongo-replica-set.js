// Healthcheck of the `mongo` service (run by mongosh every few seconds):
// initiates the single-node replica set rs0 on first start, then reports
// healthy only while this node is PRIMARY, so Loa starts against a writable
// node and `w: "majority"` writes can be acknowledged.
// Member host is `mongo:27017`, the service name inside the compose network.
try {
  const status = rs.status();
  quit(status.myState === 1 ? 0 : 1);
} catch (error) {
  if (error.codeName === 'NotYetInitialized' || /no replset config/i.test(String(error.message))) {
    rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongo:27017' }] });
  } else {
    print(`replica set check failed: ${error.message}`);
  }
  quit(1); // healthy on a later check, once the node is PRIMARY
}

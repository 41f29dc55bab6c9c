// A user's application module: it reads offload's exported API and opens nothing to it.
module consumer {
    requires dev.offload;
}

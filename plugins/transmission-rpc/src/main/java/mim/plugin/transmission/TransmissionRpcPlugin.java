package mim.plugin.transmission;

import org.pf4j.Plugin;

/**
 * The transmission-rpc plugin: Transmission's RPC, mounted on the HTTP API's server by its one
 * extension, {@link TransmissionRpc}. The plugin itself holds nothing.
 */
public class TransmissionRpcPlugin extends Plugin {}

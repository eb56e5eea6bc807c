package mim.plugin.dht;

import org.pf4j.Plugin;

/**
 * The dht plugin: finds peers on the mainline DHT (BEP 5). Its one extension, {@link DhtPeerSource},
 * owns the process's DHT node; the plugin itself holds nothing.
 */
public class DhtPlugin extends Plugin {}

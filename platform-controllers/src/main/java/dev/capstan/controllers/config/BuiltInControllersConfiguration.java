package dev.capstan.controllers.config;

import org.springframework.context.annotation.Configuration;

/**
 * The built-in controllers as beans, each switchable with {@code capstan.controllers.<name>.enabled}
 * (upstream's {@code --controllers}) and replaceable by a bean of the same type.
 */
@Configuration(proxyBeanMethods = false)
public class BuiltInControllersConfiguration {
}

package sns.timeline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A timeline server: social API, durable store, replication within and across clusters. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TimelineServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TimelineServerApplication.class, args);
    }
}
